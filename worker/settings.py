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
from arq.connections import RedisSettings
from arq.cron import cron
from arq.typing import StartupShutdown
from arq.worker import func

from core.domain import ANSWER_JOB, ANSWER_QUEUE, PROCESS_JOB
from core.settings import Settings
from integrations.drive.notifications import DRIVE_QUEUE
from integrations.store.queue import json_dumps, json_loads
from integrations.store.records import RedisStore
from integrations.wiring.delivery import build_redis
from integrations.wiring.pipeline import build_transcriber, check_transcriber_settings
from integrations.wiring.worker import build_question_job_deps, build_recording_job_deps
from worker import drive, tasks
from worker.context import WorkerDeps
from worker.memory import tune_malloc
from worker.resilience import REDIS_DOWN, RedisOutage, ResilientWorker, wait_for_redis
from worker.sweeper import sweep_stale_jobs

log = structlog.get_logger(__name__)

QueueName = Literal["recordings", "questions", "drive"]
QUEUES: tuple[QueueName, ...] = ("recordings", "questions", "drive")


# arq's own timeout cuts a job off only this long after Scribe's (SCRIBE_JOB_TIMEOUT_S), which
# fails the job and tells the requester; arq's is the backstop the sweeper cleans up after.
_BACKSTOP_S = 120
# How often the sweeper looks for jobs that can no longer end by themselves.
_SWEEP_MINUTES = set(range(0, 60, 5))


async def _start_recordings(ctx: dict[str, Any]) -> None:
    if "scribe" in ctx:  # started again after Redis went away during start-up
        return
    settings: Settings = ctx["settings"]
    # A model or device that cannot load stops the worker now, naming the setting.
    check_transcriber_settings(settings)
    closers = AsyncExitStack()
    transcriber = build_transcriber(settings)
    # Load the Whisper model once per process, before the first job arrives.
    await asyncio.to_thread(transcriber.warm_up)
    deps = build_recording_job_deps(settings, closers=closers, transcriber=transcriber)
    store = RedisStore(build_redis(settings, closers), retention_days=settings.retention_days)
    ctx["scribe"] = WorkerDeps(settings=settings, closers=closers, recording_deps=deps, store=store)
    log.info("worker.started", queue="recordings", concurrency=settings.worker_concurrency)


async def _start_questions(ctx: dict[str, Any]) -> None:
    if "scribe" in ctx:
        return
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
    outage: RedisOutage | None,
    cron_jobs: list[Any] | None = None,
    shutdown: StartupShutdown = _stop,
) -> ResilientWorker:
    redis_settings = RedisSettings.from_dsn(settings.redis_url)
    # No retries inside arq's connect, each with its own warning: run_workers waits for Redis.
    redis_settings.conn_retries = 0
    return ResilientWorker(
        functions=functions,
        queue_name=queue,
        cron_jobs=cron_jobs,
        redis_settings=redis_settings,
        ctx={"settings": settings},
        on_startup=startup,
        on_shutdown=shutdown,
        max_jobs=max_jobs,
        job_timeout=settings.job_timeout_s + _BACKSTOP_S,
        # JSON rather than pickle: see integrations.store.queue.json_dumps.
        job_serializer=json_dumps,
        job_deserializer=json_loads,
        burst=burst,
        # How often an idle worker looks for work: a job waits at most this long to start.
        poll_delay=0.2,
        health_check_interval=60,
        handle_signals=handle_signals,
        outage=outage or RedisOutage(settings.redis_url),
    )


def create_worker(
    settings: Settings,
    *,
    burst: bool = False,
    handle_signals: bool = True,
    outage: RedisOutage | None = None,
) -> ResilientWorker:
    """The worker for recordings, on arq's default queue (what autoscalers watch)."""
    processing = func(
        tasks.process_recording,
        name=PROCESS_JOB,
        timeout=settings.job_timeout_s + _BACKSTOP_S,
        # One more than our own limit: the extra try only runs after a worker died on the last
        # one, and reports the failure instead of arq dropping the job silently.
        max_tries=settings.job_max_tries + 1,
        # No arq result: a failed job may be submitted again at once; our own job state
        # turns away requests for meetings that are already done.
        keep_result=0,
    )
    sweeping = cron(
        sweep_stale_jobs,
        name="sweep_stale_jobs",
        minute=_SWEEP_MINUTES,
        second=0,
        # One sweep queued at a time, whichever worker queues it: a busy worker's sweeps do not
        # pile up behind its long job.
        job_id="scribe:sweep",
        timeout=300,
        max_tries=1,
        keep_result=0,
    )
    return _worker(
        settings,
        queue="arq:queue",
        functions=[processing],
        cron_jobs=[sweeping],
        startup=_start_recordings,
        max_jobs=settings.worker_concurrency,
        burst=burst,
        handle_signals=handle_signals,
        outage=outage,
    )


def create_question_worker(
    settings: Settings,
    *,
    burst: bool = False,
    handle_signals: bool = True,
    outage: RedisOutage | None = None,
) -> ResilientWorker:
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
        outage=outage,
    )


def create_drive_worker(
    settings: Settings,
    *,
    burst: bool = False,
    handle_signals: bool = True,
    outage: RedisOutage | None = None,
) -> ResilientWorker:
    """The watched Drive folder's change reads and channel renewals: light, on their own queue."""
    return _worker(
        settings,
        queue=DRIVE_QUEUE,
        functions=drive.drive_functions(),
        cron_jobs=drive.drive_cron_jobs(settings),
        startup=drive.start_drive,
        shutdown=drive.stop_drive,
        max_jobs=4,
        burst=burst,
        handle_signals=handle_signals,
        outage=outage,
    )


async def _run(worker: ResilientWorker, outage: RedisOutage) -> None:
    """Run one worker until it stops. Its loop waits out outages itself; its start (connect,
    server info, on_startup) is tried again until Redis answers."""
    while True:
        worker.main_task = asyncio.ensure_future(worker.main())
        try:
            await worker.main_task
            return
        except REDIS_DOWN as exc:
            outage.lost(exc)
            await asyncio.sleep(outage.next_delay())


async def _redis_answers_unless_stopped(
    settings: Settings, outage: RedisOutage, *, burst: bool
) -> bool:
    """Wait for Redis; False when SIGINT or SIGTERM came first (a quiet exit, no traceback)."""
    loop, waiting = asyncio.get_running_loop(), asyncio.current_task()
    assert waiting is not None  # noqa: S101 - always called from a task
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, waiting.cancel)
    try:
        await wait_for_redis(settings.redis_url, outage, give_up=burst)
    except asyncio.CancelledError:
        waiting.uncancel()
        log.info("worker.stopped", reason="stopped while waiting for Redis")
        return False
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
    return True


async def run_workers(settings: Settings, queues: Sequence[QueueName], *, burst: bool) -> None:
    """Run the chosen workers on one loop; SIGINT/SIGTERM stop them all (a job cut short is
    handed back to the queue by arq and runs again). With Redis down, say so and wait for it
    (a burst run stops instead, with ConfigError)."""
    tune_malloc()  # before the model and the executor threads allocate anything
    outage = RedisOutage(settings.redis_url)
    if not await _redis_answers_unless_stopped(settings, outage, burst=burst):
        return
    builders = {
        "recordings": create_worker,
        "questions": create_question_worker,
        "drive": create_drive_worker,
    }
    workers = [
        builders[q](settings, burst=burst, handle_signals=False, outage=outage) for q in queues
    ]
    loop = asyncio.get_running_loop()

    def stop(signum: signal.Signals) -> None:
        for w in workers:
            w.handle_sig(signum)

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop, signum)
    try:
        await asyncio.gather(*(_run(w, outage) for w in workers))
    except asyncio.CancelledError:
        log.info("worker.cancelled")
    finally:
        for w in workers:
            await w.close()
