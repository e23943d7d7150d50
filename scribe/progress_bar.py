"""A progress bar on stderr for `scribe process`, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from core.domain import STATE_LABELS, JobState


class TerminalProgressBar:
    """Implements core.ports.Progress with a rich bar; `advance` may come from any thread."""

    def __init__(self, *, enabled: bool | None = None) -> None:
        console = Console(stderr=True)
        self._enabled = sys.stderr.isatty() if enabled is None else enabled
        self._bar = Progress(
            TextColumn("{task.description:<22}"),
            BarColumn(),
            TextColumn("{task.fields[position]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            disable=not self._enabled,
        )
        self._task: TaskID | None = None

    def __enter__(self) -> TerminalProgressBar:
        self._bar.start()
        self._task = self._bar.add_task("Starting", total=None, position="")
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._bar.stop()

    async def stage(self, state: JobState) -> None:
        if self._task is not None:
            total = 1.0 if state == "transcribing" else None
            self._bar.update(
                self._task, description=STATE_LABELS[state].text, total=total, completed=0
            )

    def advance(self, done_seconds: float, total_seconds: float) -> None:
        if self._task is None or total_seconds <= 0:
            return
        position = f"{_mmss(done_seconds)} / {_mmss(total_seconds)}"
        self._bar.update(self._task, total=total_seconds, completed=done_seconds, position=position)


def _mmss(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"
