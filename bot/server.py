"""The HTTP receiver (`scribe serve`): assembles the routers of every inbound surface (Slack,
Zoom, Drive, health) around one set of receiver dependencies. It never processes a
recording."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

import structlog
from fastapi import FastAPI
from redis.exceptions import RedisError

from bot import drive, health, zoom
from bot.limits import BodyLimit
from bot.slack import app as slack_app
from core.settings import Settings
from integrations.wiring.receiver import (
    RECEIVER_REDIS_CONNECTIONS,
    ReceiverDeps,
    build_receiver_deps,
)

log = structlog.get_logger(__name__)


async def _open_redis(deps: ReceiverDeps) -> None:
    """Open the Redis connections before the first burst of requests needs them."""
    try:
        async with asyncio.timeout(5):
            await asyncio.gather(*(deps.redis.ping() for _ in range(RECEIVER_REDIS_CONNECTIONS)))
            await deps.store.load_scripts()
    except (TimeoutError, RedisError, OSError) as exc:
        log.warning("receiver.redis_unavailable", reason=type(exc).__name__)


def _freeze_startup() -> None:
    """What start-up made (the objects of some 1,100 modules) lives as long as the process:
    moved out of the cyclic collector's sight, a full collection under a burst takes a few
    ms instead of stalling every request in flight for 100-300 ms."""
    gc.collect()
    gc.freeze()


def create_app(
    settings: Settings, *, deps: ReceiverDeps | None = None, freeze_gc: bool = False
) -> FastAPI:
    """Build the receiver. Tests may pass ready-made `deps`; otherwise they are built (and
    closed) with the app's lifespan. `freeze_gc` (`scribe serve`): see _freeze_startup."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as closers:
            ready = deps or build_receiver_deps(settings, closers=closers)
            app.state.deps = ready
            app.state.slack, app.state.scribe = await slack_app.start_slack(ready, closers)
            await _open_redis(ready)
            if freeze_gc:
                _freeze_startup()
            log.info("receiver.started", slack=app.state.slack is not None)
            yield

    app = FastAPI(title="Scribe", lifespan=lifespan, docs_url=None, redoc_url=None)
    # Before every route: no body over the cap is read, let alone checked or parsed.
    app.add_middleware(BodyLimit)
    app.include_router(slack_app.router)
    app.include_router(zoom.router)
    app.include_router(drive.router)
    app.include_router(health.router)
    return app
