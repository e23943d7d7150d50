"""What became of the links sent with `/scribe` in the last few seconds.

A team often sends one link several times at once (double clicks, everyone pasting the link
they were given). The first command for a link does the work; copies that arrive while it is
under way, or within a few seconds of its end, share its verdict instead of asking Redis again.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

KEEP_SECONDS = 3.0
_PRUNE_ABOVE = 1000


@dataclass(frozen=True, slots=True)
class Verdict:
    """How a command for a link ended: the job was started, or a text that says why not."""

    started: bool
    text: str  # for whoever sends the link next and, unless started, for the requester
    forget: bool = False  # the next command for the link looks again (refused, Redis down)


class RecentVerdicts:
    def __init__(
        self, keep_seconds: float = KEEP_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._keep = keep_seconds
        self._clock = clock
        # a link as sent, with its channel -> (when it was first sent, the verdict on it)
        self._entries: dict[str, tuple[float, asyncio.Future[Verdict]]] = {}

    def get(self, key: str) -> asyncio.Future[Verdict] | None:
        """The verdict on a link sent lately: pending while the first command is under way."""
        entry = self._entries.get(key)
        if entry is None or self._clock() - entry[0] >= self._keep:
            return None
        return entry[1]

    def open(self, key: str) -> asyncio.Future[Verdict]:
        """A pending verdict for a link that the caller is about to look at."""
        now = self._clock()
        if len(self._entries) > _PRUNE_ABOVE:
            self._entries = {k: v for k, v in self._entries.items() if now - v[0] < self._keep}
        pending: asyncio.Future[Verdict] = asyncio.get_running_loop().create_future()
        self._entries[key] = (now, pending)
        return pending

    def settle(self, key: str, pending: asyncio.Future[Verdict], verdict: Verdict) -> None:
        pending.set_result(verdict)
        entry = self._entries.get(key)
        if verdict.forget and entry is not None and entry[1] is pending:
            del self._entries[key]
