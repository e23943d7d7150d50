"""One answer per message in a summary's thread, whatever the event ids.

Slack sends one message as several events, each with its own event id: a reply that mentions
Scribe comes as `message` and as `app_mention`, and a workspace may deliver a message again
under a new id. The queue collapses retries of one event on its id; this collapses the events
of one message, on its channel and ts, with a marker that lives a day.
"""

from __future__ import annotations

from redis.asyncio import Redis
from redis.exceptions import RedisError

from core.errors import Transient

KEEP_SECONDS = 86_400


class OncePerMessage:
    def __init__(self, redis: Redis, *, keep_seconds: int = KEEP_SECONDS) -> None:
        self._redis = redis
        self._keep = keep_seconds

    async def first(self, channel: str, ts: str, event_id: str) -> bool:
        """True for the first event of this message, and for Slack's retries of that event
        (its first delivery may have failed after this mark, before the question was queued:
        the queue collapses the retry if not)."""
        key = f"scribe:question-for:{channel}:{ts}"
        try:
            if await self._redis.set(key, event_id, nx=True, ex=self._keep):
                return True
            holder = await self._redis.get(key)
        except (RedisError, OSError) as exc:
            raise Transient(f"Redis is unavailable ({type(exc).__name__})") from exc
        return holder is None or holder.decode() == event_id
