"""The sweeper: no job without an end.

A job ends failed or done, said by the worker that ran it. When that worker never got to say it
(arq dropped the job, its timeout cut the job off past Scribe's own deadline, a worker was lost
in a way no lease caught), the job's state would stay "fetching" or "transcribing" for the whole
retention period, `/scribe status` would show it so, and a resent link would be answered
"already on it". The sweeper, an arq cron job on the recordings worker, fails such jobs with a
reason and tells the requester once (core.jobs.fail_job):

- a running state (fetching ... delivering) unchanged for longer than a job may take
  (SCRIBE_JOB_TIMEOUT_S plus the lease and a grace period);
- any unfinished state whose arq job is gone (not queued, not running, no job record) for
  longer than a grace period.

Jobs held for the host's review wait for a person and are left alone.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import structlog
from arq.connections import ArqRedis
from arq.constants import in_progress_key_prefix, job_key_prefix

from core.domain import STATE_LABELS, JobRequest, JobState, JobStatus, SlackTarget
from core.jobs import fail_job
from core.ports import RecordingJobDeps
from core.settings import Settings
from integrations.store.records import RedisStore
from worker.context import WorkerDeps

log = structlog.get_logger(__name__)

_RUNNING: frozenset[JobState] = frozenset({"fetching", "transcribing", "summarizing", "delivering"})
_UNFINISHED: frozenset[JobState] = _RUNNING | {"queued"}
GRACE_S = 120.0  # between a job's state and its arq record (submit, a retry's bookkeeping)


@dataclass(frozen=True, slots=True)
class Limits:
    running_s: float  # a running state older than this cannot be moving any more
    orphan_s: float  # an unfinished job without an arq job for this long was dropped

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            running_s=settings.job_timeout_s + settings.worker_lease_s + GRACE_S,
            orphan_s=max(GRACE_S, 2 * settings.worker_lease_s),
        )


def stale_reason(status: JobStatus, *, age_s: float, in_arq: bool, limits: Limits) -> str | None:
    """Why this job can no longer end by itself, or None while it still may."""
    if status.state in _RUNNING and age_s > limits.running_s:
        stage = STATE_LABELS[status.state].text.lower()
        minutes = round(age_s / 60)
        return f"it stopped while {stage} and made no progress for {minutes} min"
    if status.state in _UNFINISHED and not in_arq and age_s > limits.orphan_s:
        return "the worker running it stopped without finishing it"
    return None


async def in_arq(redis: ArqRedis, job_id: str) -> bool:
    """Whether arq still holds the job: queued, deferred, running, or its record kept."""
    async with redis.pipeline(transaction=False) as pipe:
        pipe.exists(job_key_prefix + job_id, in_progress_key_prefix + job_id)
        pipe.zscore(redis.default_queue_name, job_id)
        held, score = await pipe.execute()
    return bool(held) or score is not None


async def sweep(
    store: RedisStore, redis: ArqRedis, deps: RecordingJobDeps, *, limits: Limits, now: float
) -> list[str]:
    """Fail the jobs that can no longer end by themselves; return their ids."""
    swept: list[str] = []
    for status in await store.all_statuses():
        if status.state not in _UNFINISHED:
            continue
        age_s = now - status.updated_at
        if age_s <= limits.orphan_s:
            continue
        present = await in_arq(redis, status.job_id)
        reason = stale_reason(status, age_s=age_s, in_arq=present, limits=limits)
        if reason is None:
            continue
        if present:  # a job cut off that arq still holds must not start again after this
            await redis.zrem(redis.default_queue_name, status.job_id)
            await redis.delete(job_key_prefix + status.job_id)
        request = await store.kept_request(status.job_id) or _request_from(status)
        await fail_job(request, deps, job_id=status.job_id, reason=reason, category="stalled")
        swept.append(status.job_id)
    if swept:
        log.warning("jobs.swept", count=len(swept))
    return swept


def _request_from(status: JobStatus) -> JobRequest:
    """The request as far as the state tells it: enough to say in its channel that it failed."""
    slack = SlackTarget(channel=status.channel) if status.channel else None
    return JobRequest(source=status.source, slack=slack)


async def sweep_stale_jobs(ctx: dict[str, Any]) -> int:
    """The arq cron job."""
    context: WorkerDeps = ctx["scribe"]
    assert context.store is not None and context.recording_deps is not None  # noqa: S101
    limits = Limits.from_settings(context.settings)
    swept = await sweep(
        context.store, ctx["redis"], context.recording_deps, limits=limits, now=time.time()
    )
    return len(swept)
