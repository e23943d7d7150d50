"""What Scribe remembers about Drive, in Redis: the push channels, the page token, and whether
a change read is owed.

    scribe:drive:channels      hash: channel id -> Channel JSON (the live channel, and the one
                               it replaced until that one is stopped)
    scribe:drive:current       the live channel's id
    scribe:drive:page_token    where the next change read starts
    scribe:drive:pending:<id>  set by a channel's first notification, cleared when a read starts
    scribe:drive:lock:<name>   one change read, one channel renewal at a time
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from pydantic import BaseModel, ConfigDict
from redis.asyncio import Redis
from redis.exceptions import RedisError

from core.errors import Transient

_PREFIX = "scribe:drive:"
CHANNELS = f"{_PREFIX}channels"
CURRENT = f"{_PREFIX}current"
PAGE_TOKEN = f"{_PREFIX}page_token"
PENDING = f"{_PREFIX}pending"
# A mark whose read was never queued (Redis failed in between) lapses after this long.
PENDING_TTL_S = 3600
RENEW_AT = 0.8  # of the channel's lifetime, as Drive granted it


class Channel(BaseModel):
    """A `changes.watch` channel as Drive granted it."""

    model_config = ConfigDict(frozen=True)

    id: str
    resource_id: str
    expiration_ms: int
    created_ms: int
    address: str

    @property
    def renew_at_ms(self) -> int:
        """When to replace it: 80% into the lifetime Drive returned (never the one asked for,
        which Drive may have shortened)."""
        return self.created_ms + int((self.expiration_ms - self.created_ms) * RENEW_AT)

    def due(self, now_ms: int) -> bool:
        return now_ms >= self.renew_at_ms


class DriveState:
    """Channels, page token and pending reads; Redis trouble is Transient."""

    def __init__(self, redis: Redis) -> None:
        self._redis = redis

    async def channel(self, channel_id: str) -> Channel | None:
        raw = await self._do(self._redis.hget(CHANNELS, channel_id))
        return Channel.model_validate_json(raw) if raw else None

    async def current(self) -> Channel | None:
        channel_id = await self._do(self._redis.get(CURRENT))
        return await self.channel(channel_id.decode()) if channel_id else None

    async def add_channel(self, channel: Channel) -> None:
        """The new channel becomes the live one; the old stays known until it is stopped."""
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.hset(CHANNELS, channel.id, channel.model_dump_json())
            pipe.set(CURRENT, channel.id)
            await self._do(pipe.execute())

    async def forget_channel(self, channel_id: str) -> None:
        await self._do(self._redis.hdel(CHANNELS, channel_id))

    async def page_token(self) -> str | None:
        raw = await self._do(self._redis.get(PAGE_TOKEN))
        return raw.decode() if raw else None

    async def save_page_token(self, token: str) -> None:
        await self._do(self._redis.set(PAGE_TOKEN, token))

    async def mark_pending(self, channel_id: str) -> bool:
        """Note that the channel has news; True for the first notification since its last
        read began (that one queues the read, the rest of a burst join it)."""
        key = f"{PENDING}:{channel_id}"
        return bool(await self._do(self._redis.set(key, "1", nx=True, ex=PENDING_TTL_S)))

    async def clear_pending(self, channel_id: str) -> None:
        """A read is starting: notifications from now on need a read of their own."""
        await self._do(self._redis.delete(f"{PENDING}:{channel_id}"))

    @asynccontextmanager
    async def exclusive(self, name: str, *, seconds: int) -> AsyncIterator[bool]:
        """Yields True for the one holder; False while someone else holds it."""
        key = f"{_PREFIX}lock:{name}"
        held = bool(await self._do(self._redis.set(key, "1", nx=True, ex=seconds)))
        try:
            yield held
        finally:
            if held:
                await self._do(self._redis.delete(key))

    async def _do(self, command: Any) -> Any:
        try:
            return await command
        except (RedisError, OSError) as exc:
            raise Transient(f"Redis is unavailable ({type(exc).__name__})") from exc
