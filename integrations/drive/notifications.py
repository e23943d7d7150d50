"""Drive's push notifications, as the receiver takes them: checked, then turned into one
queued change read per burst. Light: Redis and arq only, no Google client.

Drive signs nothing; a notification carries the channel's token in `X-Goog-Channel-Token`
(PROTOCOLS.md 2.2), so the token and a channel id Scribe opened are what is checked. The body
is empty (or `{"kind":"drive#changes"}`) and names no file: the worker reads the change list.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from typing import Literal

import structlog
from arq.connections import ArqRedis
from redis.exceptions import RedisError

from core.errors import Transient
from integrations.drive.state import DriveState

log = structlog.get_logger(__name__)

SYNC_DRIVE_JOB = "sync_drive_changes"
RENEW_DRIVE_JOB = "renew_drive_channel"
POLL_DRIVE_JOB = "poll_drive_changes"
DRIVE_QUEUE = "arq:queue:drive"

Verdict = Literal["bad_token", "unknown_channel", "sync", "queued", "joined"]


@dataclass(frozen=True, slots=True)
class Notification:
    channel_id: str
    resource_id: str
    state: str
    message_number: str
    token: str

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> Notification:
        def get(name: str) -> str:
            return (headers.get(name) or "").strip()

        return cls(
            channel_id=get("x-goog-channel-id"),
            resource_id=get("x-goog-resource-id"),
            state=get("x-goog-resource-state").lower(),
            message_number=get("x-goog-message-number"),
            token=get("x-goog-channel-token"),
        )


class DriveNotifications:
    """Checks a notification and queues the change read it asks for."""

    def __init__(self, redis: ArqRedis, *, token: str) -> None:
        self._redis = redis
        self._state = DriveState(redis)
        self._token = token

    async def take(self, note: Notification) -> Verdict:
        if not note.token or not hmac.compare_digest(note.token.encode(), self._token.encode()):
            return "bad_token"
        if note.state == "sync":
            # The channel was just opened: nothing changed yet. Drive may send this before
            # its answer to `changes.watch` reached Scribe, so before the channel is stored.
            return "sync"
        channel = await self._state.channel(note.channel_id) if note.channel_id else None
        if channel is None or channel.resource_id != note.resource_id:
            return "unknown_channel"
        if not await self._state.mark_pending(channel.id):
            return "joined"  # a read is already queued for this burst
        try:
            # The message number makes a redelivery of the same message one job.
            await self._redis.enqueue_job(
                SYNC_DRIVE_JOB,
                channel.id,
                _job_id=f"drive-changes:{channel.id}:{note.message_number or '0'}",
                _queue_name=DRIVE_QUEUE,
            )
        except (RedisError, OSError) as exc:
            with suppress(Transient):  # Redis is likely away too; the mark lapses by itself
                await self._state.clear_pending(channel.id)
            raise Transient(f"Redis is unavailable ({type(exc).__name__})") from exc
        return "queued"
