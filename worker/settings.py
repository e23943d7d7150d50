"""arq worker configuration: JSON payloads, long timeouts, one model per process."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack
from typing import Any

import structlog
from arq import Worker
from arq.connections import RedisSettings
from arq.worker import func

from core.domain import PROCESS_JOB
from core.settings import Settings
from integrations.redis_queue import json_dumps, json_loads
from integrations.wiring import build_job_deps, build_transcriber
from worker import tasks
from worker.context import WorkerContext

log = structlog.get_logger(__name__)


def redis_settings(settings: Settings) -> RedisSettings:
    return RedisSettings.from_dsn(settings.redis_url)


async def startup(ctx: dict[str, Any]) -> None:
    settings: Settings = ctx["settings"]
    closers = AsyncExitStack()
    transcriber = build_transcriber(settings)
    # Load the Whisper model once per process, before the first job arrives.
    await asyncio.to_thread(transcriber.warm_up)
    deps = build_job_deps(settings, closers=closers, transcriber=transcriber)
    ctx["scribe"] = WorkerContext(settings=settings, job_deps=deps, closers=closers)
    log.info("worker.started", concurrency=settings.worker_concurrency)


async def shutdown(ctx: dict[str, Any]) -> None:
    context: WorkerContext | None = ctx.get("scribe")
    if context is not None:
        await context.closers.aclose()
    log.info("worker.stopped")


def create_worker(
    settings: Settings, *, burst: bool = False, handle_signals: bool = True
) -> Worker:
    processing = func(
        tasks.process_recording,
        name=PROCESS_JOB,
        timeout=settings.job_timeout_s,
        # One more than our own limit: the extra try only runs after a worker died on the last
        # one, and reports the failure instead of arq dropping the job silently.
        max_tries=settings.job_max_tries + 1,
        # No arq result: a failed job may be submitted again at once; our own job state
        # turns away requests for meetings that are already done.
        keep_result=0,
    )
    return Worker(
        functions=[processing],
        redis_settings=redis_settings(settings),
        ctx={"settings": settings},
        on_startup=startup,
        on_shutdown=shutdown,
        max_jobs=settings.worker_concurrency,
        job_timeout=settings.job_timeout_s,
        job_serializer=json_dumps,
        job_deserializer=json_loads,
        burst=burst,
        poll_delay=0.5,
        health_check_interval=60,
        handle_signals=handle_signals,
    )
