"""Submitting work to the arq queue, with deterministic job ids so duplicates collapse.

A job id is derived from the source (JobRequest.job_id). arq itself refuses a second job with
an id that is queued or running; the recorded job state also turns away a request for a
meeting that is already done. A failed job may be submitted again.
"""

from __future__ import annotations

import json
from typing import Any

import structlog
from arq.connections import ArqRedis

from core.domain import ANSWER_JOB, ANSWER_QUEUE, PROCESS_JOB, JobRequest, Question
from core.ports import JobStates, Submitted

log = structlog.get_logger(__name__)


def json_dumps(value: Any) -> bytes:
    # JSON rather than arq's default pickle: the receiver and the workers can then be upgraded
    # independently, and nothing in Redis can execute code when it is read.
    return json.dumps(value).encode()


def json_loads(raw: bytes) -> Any:
    return json.loads(raw)


class ArqJobQueue:
    """The JobQueue port on arq."""

    def __init__(self, pool: ArqRedis, states: JobStates) -> None:
        self._pool = pool
        self._states = states

    async def submit(self, request: JobRequest) -> Submitted:
        job_id = request.job_id
        existing = await self._states.get(job_id)
        if existing is not None and existing.state != "failed":
            log.info("job.duplicate", job_id=job_id, state=existing.state)
            return Submitted(job_id, created=False, status=existing)
        # The state is written before the job can start, so a fast worker never finds none.
        status = await self._states.create(request)
        job = await self._pool.enqueue_job(
            PROCESS_JOB, request.model_dump(mode="json"), _job_id=job_id
        )
        if job is None:  # a concurrent submit of the same source won the race
            log.info("job.duplicate", job_id=job_id, state="queued")
            return Submitted(job_id, created=False, status=status)
        log.info("job.queued", job_id=job_id, source=request.source.kind)
        return Submitted(job_id, created=True, status=status)

    async def ask(self, question: Question, *, event_id: str) -> bool:
        """Queue a follow-up question; Slack's retries of the same event collapse on its id."""
        job = await self._pool.enqueue_job(
            ANSWER_JOB,
            question.model_dump(mode="json"),
            _job_id=f"question:{event_id}",
            _queue_name=ANSWER_QUEUE,
        )
        return job is not None

    async def resume(self, request: JobRequest) -> bool:
        job = await self._pool.enqueue_job(
            PROCESS_JOB, request.model_dump(mode="json"), _job_id=request.job_id
        )
        return job is not None

    async def depth(self) -> dict[str, int]:
        """Jobs waiting per queue, for /metrics and autoscalers."""
        names = (self._pool.default_queue_name, ANSWER_QUEUE)
        return {name: int(await self._pool.zcard(name)) for name in names}
