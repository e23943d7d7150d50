"""The HTTP receiver (`scribe serve`): verifies and acknowledges what Slack, Zoom and Drive
send, queues the work, and reports health and metrics. It never processes a recording."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Annotated

import structlog
from fastapi import Depends, FastAPI, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST
from redis.exceptions import RedisError

from bot import metrics
from core.settings import Settings
from integrations.wiring import ReceiverDeps, build_receiver_deps

log = structlog.get_logger(__name__)


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
            app.state.deps = deps or build_receiver_deps(settings, closers=closers)
            log.info("receiver.started")
            yield

    app = FastAPI(title="Scribe", lifespan=lifespan, docs_url=None, redoc_url=None)
    if deps is not None:
        app.state.deps = deps

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
        snapshot = metrics.Snapshot(
            queue_depth=await deps.queue.depth(),
            statuses=await deps.store.all_statuses(),
            counters=await deps.store.counters(),
        )
        return PlainTextResponse(metrics.render(snapshot), media_type=CONTENT_TYPE_LATEST)

    return app
