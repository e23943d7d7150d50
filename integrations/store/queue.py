"""Submitting work to the arq queue, with deterministic job ids so duplicates collapse.

A job id is derived from the source (JobRequest.job_id). arq itself refuses a second job with
an id that is queued or running; the recorded job state also turns away a request for a
meeting that is already done. A failed job may be submitted again.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import structlog
from arq.connections import ArqRedis
from arq.constants import job_key_prefix, result_key_prefix
from arq.jobs import serialize_job
from arq.utils import timestamp_ms
from redis.exceptions import NoScriptError, RedisError

from core.domain import (
    ANSWER_JOB,
    ANSWER_QUEUE,
    PROCESS_JOB,
    JobRequest,
    JobStatus,
    Question,
)
from core.errors import Transient
from core.ports import Submitted
from integrations.store.records import JOBS_INDEX, RedisStore, details_key, new_status, state_key

log = structlog.get_logger(__name__)

# submit_with_details in one round trip: the event's details appended; then, unless the job
# exists and has not failed, or arq holds a job or a result under its id, the state, its
# indexes and the arq job (as arq's enqueue_job writes it) together. arq's enqueue_job alone
# takes three round trips (WATCH, EXISTS, MULTI/EXEC) and the state three more: under a burst
# of webhooks each round trip waits its turn on a busy event loop, so their number sets the
# tail.
_SUBMIT_WITH_DETAILS = """
redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
local raw = redis.call('GET', KEYS[2])
if raw and cjson.decode(raw)['state'] ~= 'failed' then
    return {0, raw}
end
if redis.call('EXISTS', KEYS[3], KEYS[4]) > 0 then
    return {0}
end
redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[2])
redis.call('ZADD', KEYS[5], ARGV[4], ARGV[5])
if KEYS[6] ~= KEYS[5] then
    redis.call('ZADD', KEYS[6], ARGV[4], ARGV[5])
    redis.call('EXPIRE', KEYS[6], ARGV[2])
end
redis.call('PSETEX', KEYS[3], ARGV[6], ARGV[7])
redis.call('ZADD', KEYS[7], ARGV[8], ARGV[5])
return {1}
"""


def json_dumps(value: Any) -> bytes:
    # JSON rather than arq's default pickle: the receiver and the workers can then be upgraded
    # independently, and nothing in Redis can execute code when it is read.
    return json.dumps(value).encode()


def json_loads(raw: bytes) -> Any:
    return json.loads(raw)


class ArqJobQueue:
    """The JobQueue port on arq."""

    def __init__(self, pool: ArqRedis, states: RedisStore) -> None:
        self._pool = pool
        self._states = states
        self._submit_batch = GroupCommit(pool, _SUBMIT_WITH_DETAILS)

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

    async def submit_with_details(self, request: JobRequest, details: str) -> Submitted:
        """submit(), keeping `details` (what the event said about the source) with the
        job's earlier ones, in one round trip shared with the other calls made meanwhile."""
        job_id = request.job_id
        now = time.time()
        status = new_status(request, now)
        enqueued_ms = timestamp_ms()
        job = serialize_job(
            PROCESS_JOB,
            (request.model_dump(mode="json"),),
            {},
            None,
            enqueued_ms,
            serializer=json_dumps,
        )
        queue = self._pool.default_queue_name
        channel = f"scribe:channel:{status.channel}" if status.channel else JOBS_INDEX
        keys = [
            details_key(job_id),
            state_key(job_id),
            job_key_prefix + job_id,
            result_key_prefix + job_id,
            JOBS_INDEX,
            channel,
            queue,
        ]
        ttl = self._states.ttl
        args = [details, ttl, status.model_dump_json(), now, job_id]
        args += [self._pool.expires_extra_ms, job, enqueued_ms]
        try:
            created, *existing = await self._submit_batch(keys, args)
        except (RedisError, OSError) as exc:
            raise Transient(f"Redis is unavailable ({type(exc).__name__})") from exc
        # No log line here: each caller writes one per event, with what the event was; a
        # webhook burst pays for one line per request, not two.
        if not created:
            if existing:
                status = JobStatus.model_validate_json(existing[0])
            return Submitted(job_id, created=False, status=status)
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


_Call = tuple[list[Any], list[Any], "asyncio.Future[Any]"]


class GroupCommit:
    """One Lua script run for many callers in few round trips: the calls made while a round
    trip is in flight go together, pipelined, in the next. Under a burst the event loop then
    sends, reads and parses once per batch rather than once per call; each script still runs
    atomically, and each caller gets its own result or error."""

    def __init__(self, redis: ArqRedis, script: str) -> None:
        self._redis = redis
        self._script = script
        self._sha: str | None = None
        self._pending: list[_Call] = []
        self._flushing: asyncio.Task[None] | None = None

    async def __call__(self, keys: list[Any], args: list[Any]) -> Any:
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending.append((keys, args, future))
        if self._flushing is None:
            self._flushing = asyncio.create_task(self._flush())
        return await future

    async def _flush(self) -> None:
        try:
            while self._pending:
                batch, self._pending = self._pending, []
                try:
                    results = await self._run(batch)
                except (RedisError, OSError) as exc:
                    results = [exc] * len(batch)
                for (_, _, future), result in zip(batch, results, strict=True):
                    if future.done():  # the caller went away
                        continue
                    if isinstance(result, BaseException):
                        future.set_exception(result)
                    else:
                        future.set_result(result)
        finally:
            self._flushing = None

    async def _run(self, batch: list[_Call]) -> list[Any]:
        results: list[Any] = [None] * len(batch)
        todo = list(range(len(batch)))
        for attempt in range(2):
            if self._sha is None or attempt:
                self._sha = str(await self._redis.script_load(self._script))
            async with self._redis.pipeline(transaction=False) as pipe:
                for i in todo:
                    keys, args, _future = batch[i]
                    pipe.evalsha(self._sha, len(keys), *keys, *args)
                answers = await pipe.execute(raise_on_error=False)
            for i, answer in zip(todo, answers, strict=True):
                results[i] = answer
            # Redis forgets its scripts when it restarts: load this one again, rerun only those.
            todo = [i for i in todo if isinstance(results[i], NoScriptError)]
            if not todo:
                break
        return results
