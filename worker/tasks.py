"""The arq tasks: thin wrappers that validate the payload, call the core and turn a core
Transient error into arq's Retry."""

from __future__ import annotations

import asyncio
import secrets
from contextlib import suppress
from typing import Any

import structlog
from arq import Retry
from arq.connections import ArqRedis
from arq.constants import in_progress_key_prefix

from core.answers import answer_in_thread
from core.domain import JobRequest, MeetingResult, Question
from core.errors import Transient
from core.jobs import fail_job, run_job
from core.log import bind_context
from worker.context import WorkerDeps
from worker.resilience import REDIS_DOWN

log = structlog.get_logger(__name__)

ANSWER_TRIES = 3


# Renew the marker if it is still ours; take it again if it vanished (it expired while Redis
# was away, or Redis restarted); 0 when another worker holds it now.
_RENEW = """
local held = redis.call('GET', KEYS[1])
if held == ARGV[1] then
    return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
if not held then
    redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
    return 1
end
return 0
"""


class Lease:
    """Keep arq's in-progress marker alive only while this worker is alive.

    arq marks a running job with a key that lives as long as the job timeout (hours for a
    long meeting). If the worker dies, the job would wait that long before another worker
    takes it. A short lease, renewed while we run, hands it over within `seconds`.

    The marker holds this run's token, so a worker cut off from Redis for longer than the
    lease learns on its return whether another took the job over; then it stops (`lost`)
    rather than run the job twice. While Redis is away the job goes on; renewals wait.
    """

    def __init__(self, redis: ArqRedis, job_id: str, *, seconds: float) -> None:
        self._redis = redis
        self._key = in_progress_key_prefix + job_id
        self._ms = int(seconds * 1000)
        self._every_s = seconds / 3
        self._token = secrets.token_hex(8)
        self._renewal = redis.register_script(_RENEW)
        self._task: asyncio.Task[None] | None = None
        self.lost = False

    async def __aenter__(self) -> Lease:
        owner = asyncio.current_task()
        assert owner is not None  # noqa: S101 - always called from a task
        self._task = asyncio.create_task(self._renew(owner))
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._task is not None:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task

    async def _renew(self, owner: asyncio.Task[Any]) -> None:
        claimed = False
        while True:
            try:
                if not claimed:  # arq's marker ("1") was written for us a moment ago
                    await self._redis.set(self._key, self._token, px=self._ms)
                    claimed = True
                elif not await self._renewal(keys=[self._key], args=[self._token, self._ms]):
                    log.warning("job.lease_lost", reason="another worker took the job over")
                    self.lost = True
                    owner.cancel()
                    return
            except REDIS_DOWN:
                pass  # the worker loop says that Redis is away; the job goes on meanwhile
            await asyncio.sleep(self._every_s)


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
    settings = context.settings
    tries = settings.job_max_tries
    with bind_context(job_id=job_id, job_try=job_try):
        if job_try > tries:
            # Only reached when the previous try never finished: the worker died under it.
            reason = f"the worker processing this recording stopped unexpectedly {tries} times"
            await fail_job(request, deps, job_id=job_id, reason=reason, category="worker_lost")
            return None
        lease = Lease(ctx["redis"], job_id, seconds=settings.worker_lease_s)
        try:
            async with lease:
                result = await _run_within_deadline(context, request, job_id, job_try)
        except asyncio.CancelledError:
            if not lease.lost:
                raise
            # Another worker runs it now: leave it to that one, as if never started here.
            _uncancel()
            return None
        except Transient as exc:
            delay = retry_delay(
                job_try, base_s=settings.retry_base_s, retry_after_s=exc.retry_after_s
            )
            raise Retry(defer=delay) from exc
    return result.summary.title if result else None


async def _run_within_deadline(
    context: WorkerDeps, request: JobRequest, job_id: str, job_try: int
) -> MeetingResult | None:
    """run_job, ended by Scribe itself at SCRIBE_JOB_TIMEOUT_S (arq's own timeout, a little
    later, is only a backstop): the job is then marked failed and the requester told why."""
    deps = context.recording_deps
    assert deps is not None  # noqa: S101 - startup built it for this queue
    settings = context.settings
    if context.store is not None:
        await context.store.keep_request(job_id, request)
    deadline = asyncio.timeout(settings.job_timeout_s)
    try:
        async with deadline:
            last_try = job_try >= settings.job_max_tries
            return await run_job(request, deps, job_id=job_id, last_try=last_try)
    except TimeoutError:
        if not deadline.expired():
            raise
    limit = _duration(settings.job_timeout_s)
    reason = f"it took longer than the {limit} a job may take (SCRIBE_JOB_TIMEOUT_S)"
    await fail_job(request, deps, job_id=job_id, reason=reason, category="timed_out")
    return None


def _duration(seconds: int) -> str:
    if seconds % 3600 == 0:
        return f"{seconds // 3600} h"
    return f"{round(seconds / 60)} min" if seconds >= 120 else f"{seconds} s"


def _uncancel() -> None:
    task = asyncio.current_task()
    if task is not None:
        task.uncancel()


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
