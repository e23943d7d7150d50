"""How long the Slack listeners wait on Redis before answering: Slack gives up after 3 s."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from core.errors import Transient

# The receiver's Redis client also gives up on a single command after a second
# (integrations.wiring.receiver); this bounds all the Redis work of one request.
REDIS_DEADLINE_SECONDS = 2.0


@contextlib.asynccontextmanager
async def redis_deadline() -> AsyncIterator[None]:
    """Transient when the Redis work inside takes longer than Slack can wait."""
    try:
        async with asyncio.timeout(REDIS_DEADLINE_SECONDS):
            yield
    except TimeoutError:
        raise Transient(f"Redis did not answer within {REDIS_DEADLINE_SECONDS:g} s") from None
