"""The arq tasks: thin wrappers that validate the payload, call the core and turn a core
Transient error into arq's Retry."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any

import structlog
from arq import Retry
from arq.connections import ArqRedis
from arq.constants import in_progress_key_prefix

from core.answers import answer_in_thread
from core.domain import JobRequest, Question
from core.errors import Transient
from core.jobs import fail_job, run_job
from core.log import bind_context
from worker.context import WorkerDeps

log = structlog.get_logger(__name__)

ANSWER_TRIES = 3


@asynccontextmanager
async def lease(redis: ArqRedis, job_id: str, *, seconds: float) -> AsyncIterator[None]:
    """Keep arq's in-progress marker alive only while this worker is alive.

    arq marks a running job with a key that lives as long as the job timeout (hours for a
    long meeting). If the worker dies, the job would wait that long before another worker
    takes it. A short lease, renewed while we run, hands it over within `seconds`.
    """
    key = in_progress_key_prefix + job_id

    async def renew() -> None:
        while True:
            await redis.pexpire(key, int(seconds * 1000))
            await asyncio.sleep(seconds / 3)

    task = asyncio.create_task(renew())
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task


def retry_delay(job_try: int, *, base_s: float, retry_after_s: float | None) -> float:
    """Honour the server's Retry-After; otherwise back off exponentially, at most 10 minutes."""
    if retry_after_s is not None:
        return max(retry_after_s, 0.1)
    return float(min(base_s * 2 ** (job_try - 1), 600.0))


async def process_recording(ctx: dict[str, Any], payload: dict[str, Any]) -> str | None:
    context: WorkerDeps = ctx["scribe"]
    deps = context.recording_deps
    assert deps is not None  # noqa: S101 - startup built it for this queue
    request = JobRequest.model_validate(payload)
    job_id, job_try = ctx["job_id"], ctx["job_try"]
    tries = context.settings.job_max_tries
    with bind_context(job_id=job_id, job_try=job_try):
        if job_try > tries:
            # Only reached when the previous try never finished: the worker died under it.
            reason = f"the worker processing this recording stopped unexpectedly {tries} times"
            await fail_job(request, deps, job_id=job_id, reason=reason, category="worker_lost")
            return None
        async with lease(ctx["redis"], job_id, seconds=context.settings.worker_lease_s):
            try:
                result = await run_job(request, deps, job_id=job_id, last_try=job_try >= tries)
            except Transient as exc:
                delay = retry_delay(
                    job_try, base_s=context.settings.retry_base_s, retry_after_s=exc.retry_after_s
                )
                raise Retry(defer=delay) from exc
    return result.summary.title if result else None


async def answer_question(ctx: dict[str, Any], payload: dict[str, Any]) -> str:
    context: WorkerDeps = ctx["scribe"]
    deps = context.question_deps
    assert deps is not None  # noqa: S101 - startup built it for this queue
    question = Question.model_validate(payload)
    with bind_context(job_id=question.job_id, question=ctx["job_id"]):
        try:
            return await answer_in_thread(question, deps, last_try=ctx["job_try"] >= ANSWER_TRIES)
        except Transient as exc:
            raise Retry(
                defer=retry_delay(ctx["job_try"], base_s=2.0, retry_after_s=exc.retry_after_s)
            ) from exc
