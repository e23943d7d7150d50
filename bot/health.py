"""Health and metrics: `/healthz` (the process is up), `/readyz` (Redis answers) and
`/metrics` in Prometheus text format, read from Redis at scrape time.

Workers record their figures in Redis (they run elsewhere and come and go), so the receiver
can expose the whole fleet's numbers from one place, including the queue depth an autoscaler
scales GPU workers on.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import get_args

import structlog
from arq.constants import default_queue_name
from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from redis.exceptions import RedisError

from core.domain import JobState, JobStatus, SourceKind
from core.errors import Transient
from integrations.wiring.receiver import ReceiverDeps

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class Snapshot:
    queue_depth: dict[str, int]
    recordings: int
    statuses: list[JobStatus]
    counters: dict[str, dict[str, float]]


class _SnapshotCollector(Collector):
    def __init__(self, snapshot: Snapshot) -> None:
        self._snapshot = snapshot

    def collect(self) -> Iterator[Metric]:
        snap = self._snapshot
        # arq keeps a job in its queue's sorted set from enqueue until it finishes, so the
        # depth counts jobs waiting, deferred for a retry and running alike.
        depth = GaugeMetricFamily(
            "scribe_queue_depth", "Jobs waiting or running in an arq queue.", labels=["queue"]
        )
        for queue, count in snap.queue_depth.items():
            depth.add_metric([queue], count)
        yield depth
        yield GaugeMetricFamily(
            "scribe_recordings_demand",
            "Recordings waiting plus running: the GPU workers needed (KEDA scales on it).",
            value=snap.recordings,
        )

        jobs = GaugeMetricFamily(
            "scribe_jobs", "Jobs within the retention period, by state.", labels=["state"]
        )
        by_state = Counter(s.state for s in snap.statuses)
        for state in get_args(JobState):
            jobs.add_metric([state], by_state.get(state, 0))
        yield jobs

        seconds = CounterMetricFamily(
            "scribe_stage_seconds", "Time spent in each pipeline stage.", labels=["stage"]
        )
        runs = CounterMetricFamily("scribe_stage_runs", "Stages completed.", labels=["stage"])
        for stage, value in snap.counters.get("stage_seconds", {}).items():
            seconds.add_metric([stage], value)
        for stage, value in snap.counters.get("stage_count", {}).items():
            runs.add_metric([stage], value)
        yield seconds
        yield runs

        transcribed = snap.counters.get("transcribed", {})
        yield CounterMetricFamily(
            "scribe_transcribed_audio_seconds",
            "Seconds of audio transcribed.",
            value=transcribed.get("audio_seconds", 0.0),
        )
        yield CounterMetricFamily(
            "scribe_transcription_seconds",
            "Seconds spent transcribing.",
            value=transcribed.get("seconds", 0.0),
        )
        yield GaugeMetricFamily(
            "scribe_realtime_factor",
            "Transcription time over audio time, for the latest job (lower is faster).",
            value=transcribed.get("last_rtf", 0.0),
        )

        failures = CounterMetricFamily(
            "scribe_job_failures", "Jobs that failed for good, by reason.", labels=["reason"]
        )
        for reason, value in snap.counters.get("failures", {}).items():
            failures.add_metric([reason], value)
        yield failures


class _RedisUp(Collector):
    def __init__(self, up: bool) -> None:
        self._up = up

    def collect(self) -> Iterator[Metric]:
        yield GaugeMetricFamily(
            "scribe_redis_up",
            "1 when the receiver read these figures from Redis; 0 when Redis did not answer.",
            value=1 if self._up else 0,
        )


def render(snapshot: Snapshot | None) -> bytes:
    """The figures; without a snapshot (Redis out of reach) only scribe_redis_up 0: a queue
    figure of 0 would tell an autoscaler that no worker is needed."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_RedisUp(snapshot is not None))
    if snapshot is not None:
        registry.register(_SnapshotCollector(snapshot))
    return generate_latest(registry)


def _deps(request: Request) -> ReceiverDeps:
    deps: ReceiverDeps = request.app.state.deps
    return deps


async def _recordings(deps: ReceiverDeps) -> int:
    # The recordings queue also holds the workers' cron jobs (the stale-job sweep), which
    # must not start a GPU: count only ids of recording jobs ("<source kind>:<digest>").
    kinds = tuple(f"{kind}:".encode() for kind in get_args(SourceKind))
    ids: list[bytes] = await deps.redis.zrange(default_queue_name, 0, -1)
    return sum(1 for job_id in ids if job_id.startswith(kinds))


# A scrape or a probe waits this long at most for Redis (the client gives up on a single
# command after a second): Prometheus and Kubernetes keep their own, longer, timeouts.
REDIS_DEADLINE_S = 2.0

router = APIRouter()


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> Response:
    try:
        async with asyncio.timeout(REDIS_DEADLINE_S):
            await _deps(request).redis.ping()
    except (RedisError, OSError, TimeoutError) as exc:
        log.warning("receiver.not_ready", reason=type(exc).__name__)
        return JSONResponse({"status": "redis unavailable"}, status_code=503)
    return JSONResponse({"status": "ready"})


@router.get("/metrics")
async def prometheus(request: Request) -> Response:
    """Always 200 while the process is up: with Redis down or hung, scribe_redis_up says so."""
    deps = _deps(request)
    snapshot: Snapshot | None = None
    try:
        async with asyncio.timeout(REDIS_DEADLINE_S):
            snapshot = Snapshot(
                queue_depth=await deps.queue.depth(),
                recordings=await _recordings(deps),
                statuses=await deps.store.all_statuses(),
                counters=await deps.store.counters(),
            )
    except (Transient, RedisError, OSError, TimeoutError) as exc:
        log.debug("receiver.metrics_without_redis", reason=type(exc).__name__)
    return PlainTextResponse(render(snapshot), media_type=CONTENT_TYPE_LATEST)
