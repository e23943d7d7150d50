"""The HTTP receiver (`scribe serve`): verifies and acknowledges what Slack, Zoom and Drive
send, queues the work, and reports health and metrics. It never processes a recording."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Annotated

import aiohttp
import structlog
from fastapi import Depends, FastAPI, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST
from redis.exceptions import RedisError
from slack_bolt.adapter.fastapi.async_handler import AsyncSlackRequestHandler
from slack_sdk.errors import SlackApiError

from bot import metrics
from bot.slack.listeners import OneWorkspace, ScribeSlack, build_bolt_app
from core.errors import Transient
from core.settings import Settings
from integrations.download.downloader import build_downloader
from integrations.wiring.receiver import (
    RECEIVER_REDIS_CONNECTIONS,
    ReceiverDeps,
    build_receiver_deps,
)

log = structlog.get_logger(__name__)


async def _warm_up(authorize: OneWorkspace) -> None:
    """Ask Slack who we are before the first request; if Slack is unreachable now, the first
    request will ask again."""
    try:
        async with asyncio.timeout(5):
            await authorize()
    except (TimeoutError, SlackApiError, OSError, aiohttp.ClientError) as exc:
        log.warning("receiver.slack_unreachable", reason=type(exc).__name__)


async def _open_redis(deps: ReceiverDeps) -> None:
    """Open the Redis connections before the first burst of requests needs them."""
    try:
        async with asyncio.timeout(5):
            await asyncio.gather(*(deps.redis.ping() for _ in range(RECEIVER_REDIS_CONNECTIONS)))
            await deps.store.load_scripts()
    except (TimeoutError, RedisError, OSError) as exc:
        log.warning("receiver.redis_unavailable", reason=type(exc).__name__)


def get_deps(request: Request) -> ReceiverDeps:
    deps: ReceiverDeps = request.app.state.deps
    return deps


Deps = Annotated[ReceiverDeps, Depends(get_deps)]


def create_app(settings: Settings, *, deps: ReceiverDeps | None = None) -> FastAPI:
    """Build the receiver. Tests may pass ready-made `deps`; otherwise they are built (and
    closed) with the app's lifespan."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as closers:
            ready = deps or build_receiver_deps(settings, closers=closers)
            app.state.deps = ready
            app.state.slack = app.state.scribe = None
            if ready.slack is not None and settings.slack_signing_secret is not None:
                downloader = build_downloader(settings)
                await downloader.warm_up()
                scribe = ScribeSlack(ready, downloader)
                closers.push_async_callback(scribe.drain)
                authorize = OneWorkspace(ready.slack)
                app.state.scribe = scribe
                app.state.slack = AsyncSlackRequestHandler(build_bolt_app(ready, scribe, authorize))
                await _warm_up(authorize)
            await _open_redis(ready)
            log.info("receiver.started", slack=app.state.slack is not None)
            yield

    app = FastAPI(title="Scribe", lifespan=lifespan, docs_url=None, redoc_url=None)

    @app.post("/slack/events")
    async def slack_events(request: Request) -> Response:
        handler: AsyncSlackRequestHandler | None = request.app.state.slack
        if handler is None:
            return JSONResponse(
                {"error": "Slack is not configured (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET)"},
                status_code=503,
            )
        return await handler.handle(request)

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz")
    async def readyz(deps: Deps) -> Response:
        try:
            await deps.redis.ping()
        except (RedisError, OSError) as exc:
            log.warning("receiver.not_ready", reason=type(exc).__name__)
            return JSONResponse({"status": "redis unavailable"}, status_code=503)
        return JSONResponse({"status": "ready"})

    @app.get("/metrics")
    async def prometheus(deps: Deps) -> Response:
        try:
            snapshot = metrics.Snapshot(
                queue_depth=await deps.queue.depth(),
                statuses=await deps.store.all_statuses(),
                counters=await deps.store.counters(),
            )
        except (Transient, RedisError, OSError):
            return PlainTextResponse("redis unavailable\n", status_code=503)
        return PlainTextResponse(metrics.render(snapshot), media_type=CONTENT_TYPE_LATEST)

    return app
