"""The Drive push channel: opened by `scribe drive watch`, renewed by the worker.

Drive never renews a channel. Scribe asks for the longest life Drive allows for
`changes.watch` (a week), keeps what Drive actually granted (it may be less), and opens a new
channel (a new id) once 80% of the granted life has passed; then it stops the old one. Both
may notify for a moment: the change read and the per-revision job ids absorb the overlap.
Running `scribe drive watch` again does the same renewal, so it is harmless; the page token
is kept, so no change is skipped.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any, Protocol

import structlog

from core.errors import ConfigError, ScribeError, Transient
from integrations.drive.changes import ChangeReader
from integrations.drive.config import DriveConfig
from integrations.drive.state import Channel, DriveState

log = structlog.get_logger(__name__)

LONGEST_S = 7 * 24 * 3600  # changes.watch channels live at most a week
RENEW_LOCK_S = 120
Json = dict[str, Any]


class ChannelApi(Protocol):
    async def watch(
        self, *, page_token: str, channel_id: str, address: str, token: str, expiration_ms: int
    ) -> Json: ...

    async def stop(self, *, channel_id: str, resource_id: str) -> None: ...


class ChannelWatcher:
    """Opens, renews and stops the folder's push channel."""

    def __init__(
        self,
        *,
        api: ChannelApi,
        state: DriveState,
        reader: ChangeReader,
        config: DriveConfig,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._api = api
        self._state = state
        self._reader = reader
        self._config = config
        self._clock = clock

    def _now_ms(self) -> int:
        return int(self._clock() * 1000)

    async def watch(self) -> Channel:
        """A new channel in place of the current one (if any), which is then stopped."""
        if self._config.polling or not self._config.channel_token:
            raise ConfigError("push channels need SCRIBE_PUBLIC_URL and SCRIBE_DRIVE_CHANNEL_TOKEN")
        async with self._state.exclusive("watch", seconds=RENEW_LOCK_S) as held:
            if not held:
                raise Transient("the Drive channel is being renewed right now; try again")
            old = await self._state.current()
            channel = await self._open(self._config.channel_token)
            if old is not None and old.id != channel.id:
                await self._stop(old)
            return channel

    async def renew_if_due(self) -> Channel | None:
        """The worker's scheduled check: a new channel once the current one is 80% through
        its life; None when there is nothing to do."""
        current = await self._state.current()
        if current is None or self._config.polling or not current.due(self._now_ms()):
            return None
        log.info("drive.channel_renewing", channel_id=current.id)
        return await self.watch()

    async def _open(self, token: str) -> Channel:
        page_token = await self._reader.start()
        created = self._now_ms()
        answer = await self._api.watch(
            page_token=page_token,
            channel_id=str(uuid.uuid4()),
            address=self._config.address,
            token=token,
            expiration_ms=created + LONGEST_S * 1000,
        )
        channel = Channel(
            id=str(answer["id"]),
            resource_id=str(answer["resourceId"]),
            # Drive's answer, never what was asked: it may grant less.
            expiration_ms=int(answer.get("expiration") or created + 3600 * 1000),
            created_ms=created,
            address=self._config.address,
        )
        await self._state.add_channel(channel)
        log.info(
            "drive.channel_opened",
            channel_id=channel.id,
            expires_in_s=(channel.expiration_ms - created) // 1000,
        )
        return channel

    async def _stop(self, old: Channel) -> None:
        try:
            await self._api.stop(channel_id=old.id, resource_id=old.resource_id)
        except ScribeError as exc:
            # A channel Drive no longer knows (expired) needs no stopping; anything else is
            # logged, and the channel lapses at its expiration.
            log.warning("drive.channel_not_stopped", channel_id=old.id, reason=exc.message)
        await self._state.forget_channel(old.id)
        log.info("drive.channel_stopped", channel_id=old.id)
