"""Scribe's own records in Redis: job states, meetings, deliveries and metrics.

Everything about a meeting expires after the retention period (SCRIBE_RETENTION_DAYS). Keys:

    scribe:job:<job_id>              JobStatus JSON
    scribe:jobs                      sorted set of job ids by last update (metrics, status)
    scribe:channel:<channel>         sorted set of the channel's job ids by creation
    scribe:transcript:<job_id>       transcript checkpoint of an unfinished job
    scribe:meeting:<job_id>          result document (CONTRACT section 5)
    scribe:message:<channel>:<ts>    job id of the meeting a Slack message shows
    scribe:delivered:<job_id>        hash: delivery key -> what it produced (e.g. a message ts)
    scribe:events:<job_id>           list of what the source's events said (Zoom), oldest first
    scribe:request:<job_id>          the JobRequest a worker last ran (to tell of a job that died)
    scribe:metrics:*                 counters for /metrics (kept, they hold no meeting data)
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar, cast

from redis.asyncio import Redis
from redis.exceptions import RedisError

from core.domain import JobRequest, JobState, JobStatus, MeetingResult, Transcript
from core.errors import Transient
from core.ports import TranscriptCheckpoint
from core.redact import shown_source

_PREFIX = "scribe:"
STAGE_SECONDS = f"{_PREFIX}metrics:stage_seconds"
STAGE_COUNT = f"{_PREFIX}metrics:stage_count"
FAILURES = f"{_PREFIX}metrics:failures"
TRANSCRIBED = f"{_PREFIX}metrics:transcribed"
JOBS_INDEX = f"{_PREFIX}jobs"

# One round trip instead of three (job state, claim, summary delivered): under a burst of
# commands each round trip waits its turn on a busy event loop, so their number sets the tail.
_CLAIM_UNLESS_ACTIVE = """
local raw = redis.call('GET', KEYS[1])
if raw and cjson.decode(raw)['state'] ~= 'failed' then
    return {0, raw, redis.call('HGET', KEYS[3], ARGV[2])}
end
if redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[1]) then
    return {1}
end
return {0}
"""

P = ParamSpec("P")
T = TypeVar("T")


def state_key(job_id: str) -> str:
    return f"{_PREFIX}job:{job_id}"


def details_key(job_id: str) -> str:
    return f"{_PREFIX}events:{job_id}"


def new_status(request: JobRequest, now: float) -> JobStatus:
    """The state of a job just queued."""
    return JobStatus(
        job_id=request.job_id,
        state="queued",
        created_at=now,
        updated_at=now,
        source=shown_source(request.source),  # the full link stays in the queued job alone
        channel=request.slack.channel if request.slack else None,
        history=(("queued", now),),
    )


def _transient(
    method: Callable[P, Coroutine[Any, Any, T]],
) -> Callable[P, Coroutine[Any, Any, T]]:
    """A Redis hiccup is worth another try: it becomes Transient, which the worker retries."""

    @functools.wraps(method)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return await method(*args, **kwargs)
        except (RedisError, OSError) as exc:
            raise Transient(f"Redis is unavailable ({type(exc).__name__})") from exc

    return wrapper


class _RedisCheckpoint:
    def __init__(self, redis: Redis, key: str, ttl: int) -> None:
        self._redis, self._key, self._ttl = redis, key, ttl

    @_transient
    async def load(self) -> tuple[Transcript, str] | None:
        raw = await self._redis.get(self._key)
        if raw is None:
            return None
        saved = json.loads(raw)
        return Transcript.model_validate(saved["transcript"]), saved["title"]

    @_transient
    async def save(self, transcript: Transcript, title: str) -> None:
        value = json.dumps({"transcript": transcript.model_dump(mode="json"), "title": title})
        await self._redis.set(self._key, value, ex=self._ttl)


@dataclass(frozen=True, slots=True)
class Claim:
    """The outcome of asking to start a job: started by us, or already someone's."""

    claimed: bool
    active: JobStatus | None = None  # the job's state, when it has one that did not fail
    delivered: str | None = None  # what the asked-for delivery of that job produced


class RedisStore:
    """Implements JobStates, MeetingArchive, DeliveryLedger, JobMetrics and SourceDetails on
    one client."""

    def __init__(self, redis: Redis, *, retention_days: int) -> None:
        self._redis = redis
        self.ttl = retention_days * 86_400
        self._claim_unless_active = redis.register_script(_CLAIM_UNLESS_ACTIVE)

    # JobStates
    @_transient
    async def create(self, request: JobRequest) -> JobStatus:
        status = new_status(request, time.time())
        now = status.created_at
        await self._write(status)
        if status.channel:
            key = f"{_PREFIX}channel:{status.channel}"
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.zadd(key, {status.job_id: now})
                pipe.expire(key, self.ttl)
                await pipe.execute()
        return status

    @_transient
    async def set_state(
        self, job_id: str, state: JobState, *, reason: str | None = None
    ) -> JobStatus | None:
        status = await self.get(job_id)
        if status is None:
            return None
        now = time.time()
        updated = status.model_copy(
            update={
                "state": state,
                "updated_at": now,
                "reason": reason,
                "history": (*status.history, (state, now)),
            }
        )
        await self._write(updated)
        return updated

    @_transient
    async def get(self, job_id: str) -> JobStatus | None:
        raw = await self._redis.get(f"{_PREFIX}job:{job_id}")
        return JobStatus.model_validate_json(raw) if raw is not None else None

    @_transient
    async def recent(self, *, channel: str | None = None, limit: int = 10) -> list[JobStatus]:
        key = f"{_PREFIX}channel:{channel}" if channel else JOBS_INDEX
        ids = await self._redis.zrevrange(key, 0, limit - 1)
        return await self._many([i.decode() for i in ids])

    @_transient
    async def all_statuses(self) -> list[JobStatus]:
        """Every job still within retention (expired ones are pruned from the index here)."""
        await self._redis.zremrangebyscore(JOBS_INDEX, 0, time.time() - self.ttl)
        ids = await self._redis.zrange(JOBS_INDEX, 0, -1)
        return await self._many([i.decode() for i in ids])

    async def _many(self, job_ids: list[str]) -> list[JobStatus]:
        if not job_ids:
            return []
        raws = await self._redis.mget([f"{_PREFIX}job:{i}" for i in job_ids])
        return [JobStatus.model_validate_json(r) for r in raws if r is not None]

    async def _write(self, status: JobStatus) -> None:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.set(f"{_PREFIX}job:{status.job_id}", status.model_dump_json(), ex=self.ttl)
            pipe.zadd(JOBS_INDEX, {status.job_id: status.updated_at})
            await pipe.execute()

    async def load_scripts(self) -> None:
        """Send the Lua scripts to Redis now rather than on their first call, which would
        take two more round trips."""
        await self._redis.script_load(_CLAIM_UNLESS_ACTIVE)

    @_transient
    async def claim(self, job_id: str, *, seconds: int, delivery: str) -> Claim:
        """Claim the right to start job_id for `seconds`, unless the job exists and has not
        failed; then say how it stands and what its `delivery` produced. Only the first of
        simultaneous callers gets the claim."""
        keys = [
            f"{_PREFIX}job:{job_id}",
            f"{_PREFIX}claim:{job_id}",
            f"{_PREFIX}delivered:{job_id}",
        ]
        claimed, *active = await self._claim_unless_active(keys=keys, args=[seconds, delivery])
        if claimed or not active:
            return Claim(claimed=bool(claimed))
        raw, delivered = active
        summary_ts = delivered.decode() if delivered is not None else None
        return Claim(False, JobStatus.model_validate_json(raw), summary_ts)

    @_transient
    async def release(self, job_id: str) -> None:
        await self._redis.delete(f"{_PREFIX}claim:{job_id}")

    @_transient
    async def forget(self, job_id: str) -> None:
        """Delete what was kept of a meeting: its result, transcript and source details (a
        draft the host discarded). The job's state stays, to say what happened."""
        await self._redis.delete(
            f"{_PREFIX}meeting:{job_id}",
            f"{_PREFIX}transcript:{job_id}",
            f"{_PREFIX}request:{job_id}",
            details_key(job_id),
        )

    # What a job was asked to do, for whoever has to end it without its payload (the sweeper)
    @_transient
    async def keep_request(self, job_id: str, request: JobRequest) -> None:
        key = f"{_PREFIX}request:{job_id}"
        # Kept for the retention period, only to tell of the job: a signed link's query
        # string (its secret) stays in arq's job payload alone.
        kept = request.model_copy(update={"source": shown_source(request.source)})
        await self._redis.set(key, kept.model_dump_json(), ex=self.ttl)

    @_transient
    async def kept_request(self, job_id: str) -> JobRequest | None:
        raw = await self._redis.get(f"{_PREFIX}request:{job_id}")
        return JobRequest.model_validate_json(raw) if raw is not None else None

    # MeetingArchive
    def checkpoint(self, job_id: str) -> TranscriptCheckpoint:
        return _RedisCheckpoint(self._redis, f"{_PREFIX}transcript:{job_id}", self.ttl)

    @_transient
    async def save_result(self, job_id: str, result: MeetingResult) -> None:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.set(f"{_PREFIX}meeting:{job_id}", result.model_dump_json(), ex=self.ttl)
            pipe.delete(f"{_PREFIX}transcript:{job_id}")  # the result holds the transcript now
            await pipe.execute()

    @_transient
    async def load_result(self, job_id: str) -> MeetingResult | None:
        raw = await self._redis.get(f"{_PREFIX}meeting:{job_id}")
        return MeetingResult.model_validate_json(raw) if raw is not None else None

    @_transient
    async def link_message(self, channel: str, ts: str, job_id: str) -> None:
        await self._redis.set(f"{_PREFIX}message:{channel}:{ts}", job_id, ex=self.ttl)

    @_transient
    async def job_for_message(self, channel: str, ts: str) -> str | None:
        raw = await self._redis.get(f"{_PREFIX}message:{channel}:{ts}")
        return raw.decode() if raw is not None else None

    # SourceDetails
    @_transient
    async def load_details(self, job_id: str) -> list[str]:
        # redis-py types its sync and async clients alike, hence the cast.
        texts = self._redis.lrange(details_key(job_id), 0, -1)
        return [raw.decode() for raw in await cast(Awaitable[list[bytes]], texts)]

    # DeliveryLedger
    @_transient
    async def delivered(self, job_id: str, key: str) -> str | None:
        raw = await self._redis.hget(f"{_PREFIX}delivered:{job_id}", key)  # type: ignore[misc]
        return raw.decode() if raw is not None else None

    @_transient
    async def record(self, job_id: str, key: str, value: str = "1") -> None:
        ledger = f"{_PREFIX}delivered:{job_id}"
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.hset(ledger, key, value)
            pipe.expire(ledger, self.ttl)
            await pipe.execute()

    # JobMetrics
    @_transient
    async def stage_finished(self, stage: JobState, seconds: float) -> None:
        async with self._redis.pipeline(transaction=False) as pipe:
            pipe.hincrbyfloat(STAGE_SECONDS, stage, seconds)
            pipe.hincrby(STAGE_COUNT, stage, 1)
            await pipe.execute()

    @_transient
    async def transcribed(self, audio_seconds: float, seconds: float) -> None:
        async with self._redis.pipeline(transaction=False) as pipe:
            pipe.hincrbyfloat(TRANSCRIBED, "audio_seconds", audio_seconds)
            pipe.hincrbyfloat(TRANSCRIBED, "seconds", seconds)
            pipe.hset(TRANSCRIBED, "last_rtf", str(seconds / audio_seconds if audio_seconds else 0))
            await pipe.execute()

    @_transient
    async def failed(self, category: str) -> None:
        await self._redis.hincrby(FAILURES, category, 1)  # type: ignore[misc]

    @_transient
    async def counters(self) -> dict[str, dict[str, float]]:
        names = {
            "stage_seconds": STAGE_SECONDS,
            "stage_count": STAGE_COUNT,
            "failures": FAILURES,
            "transcribed": TRANSCRIBED,
        }
        result: dict[str, dict[str, float]] = {}
        for name, key in names.items():
            raw = await self._redis.hgetall(key)  # type: ignore[misc]
            result[name] = {k.decode(): float(v) for k, v in raw.items()}
        return result
