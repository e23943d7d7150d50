"""arq worker configuration: JSON payloads, long timeouts, one model per process.

One `scribe worker` process runs two arq workers on one event loop: recordings (one job at a
time per GPU by default) and thread questions (light, many at once), so questions are never
stuck behind an hour-long transcription.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Sequence
from contextlib import AsyncExitStack
from typing import Any, Literal

import structlog
from arq import Worker
from arq.connections import RedisSettings
from arq.typing import StartupShutdown
from arq.worker import func

from core.domain import ANSWER_JOB, ANSWER_QUEUE, PROCESS_JOB
from core.settings import Settings
from integrations.store.queue import json_dumps, json_loads
from integrations.wiring.pipeline import build_transcriber, check_transcriber_settings
from integrations.wiring.worker import build_question_job_deps, build_recording_job_deps
from worker import tasks
from worker.context import WorkerDeps

log = structlog.get_logger(__name__)

QueueName = Literal["recordings", "questions"]
QUEUES: tuple[QueueName, ...] = ("recordings", "questions")


async def _start_recordings(ctx: dict[str, Any]) -> None:
    settings: Settings = ctx["settings"]
    # A model or device that cannot load stops the worker now, naming the setting.
    check_transcriber_settings(settings)
    closers = AsyncExitStack()
    transcriber = build_transcriber(settings)
    # Load the Whisper model once per process, before the first job arrives.
    await asyncio.to_thread(transcriber.warm_up)
    deps = build_recording_job_deps(settings, closers=closers, transcriber=transcriber)
    ctx["scribe"] = WorkerDeps(settings=settings, closers=closers, recording_deps=deps)
    log.info("worker.started", queue="recordings", concurrency=settings.worker_concurrency)


async def _start_questions(ctx: dict[str, Any]) -> None:
    settings: Settings = ctx["settings"]
    closers = AsyncExitStack()
    deps = build_question_job_deps(settings, closers=closers)
    ctx["scribe"] = WorkerDeps(settings=settings, closers=closers, question_deps=deps)
    log.info("worker.started", queue="questions")


async def _stop(ctx: dict[str, Any]) -> None:
    context: WorkerDeps | None = ctx.get("scribe")
    if context is not None:
        await context.closers.aclose()


def _worker(
    settings: Settings,
    *,
    queue: str,
    functions: list[Any],
    startup: StartupShutdown,
    max_jobs: int,
    burst: bool,
    handle_signals: bool,
) -> Worker:
    return Worker(
        functions=functions,
        queue_name=queue,
        redis_settings=RedisSettings.from_dsn(settings.redis_url),
        ctx={"settings": settings},
        on_startup=startup,
        on_shutdown=_stop,
        max_jobs=max_jobs,
        job_timeout=settings.job_timeout_s,
        # JSON rather than pickle: see integrations.store.queue.json_dumps.
        job_serializer=json_dumps,
        job_deserializer=json_loads,
        burst=burst,
        # How often an idle worker looks for work: a job waits at most this long to start.
        poll_delay=0.2,
        health_check_interval=60,
        handle_signals=handle_signals,
    )


def create_worker(
    settings: Settings, *, burst: bool = False, handle_signals: bool = True
) -> Worker:
    """The worker for recordings, on arq's default queue (what autoscalers watch)."""
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
    return _worker(
        settings,
        queue="arq:queue",
        functions=[processing],
        startup=_start_recordings,
        max_jobs=settings.worker_concurrency,
        burst=burst,
        handle_signals=handle_signals,
    )


def create_question_worker(
    settings: Settings, *, burst: bool = False, handle_signals: bool = True
) -> Worker:
    answering = func(
        tasks.answer_question,
        name=ANSWER_JOB,
        timeout=300,
        max_tries=tasks.ANSWER_TRIES,
        # The kept result blocks a second answer to a redelivered Slack event for an hour.
        keep_result=3600,
    )
    return _worker(
        settings,
        queue=ANSWER_QUEUE,
        functions=[answering],
        startup=_start_questions,
        max_jobs=10,
        burst=burst,
        handle_signals=handle_signals,
    )


async def run_workers(settings: Settings, queues: Sequence[QueueName], *, burst: bool) -> None:
    """Run the chosen workers on one loop; SIGINT/SIGTERM stop them all (a job cut short is
    handed back to the queue by arq and runs again)."""
    builders = {"recordings": create_worker, "questions": create_question_worker}
    workers = [builders[q](settings, burst=burst, handle_signals=False) for q in queues]
    loop = asyncio.get_running_loop()

    def stop(signum: signal.Signals) -> None:
        for w in workers:
            w.handle_sig(signum)

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop, signum)
    try:
        await asyncio.gather(*(w.async_run() for w in workers))
    except asyncio.CancelledError:
        log.info("worker.cancelled")
    finally:
        for w in workers:
            await w.close()
