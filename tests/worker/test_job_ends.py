"""No job without an end: Scribe's own deadline, the sweeper, and a lease another worker took."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import pytest
from arq.connections import ArqRedis
from arq.constants import in_progress_key_prefix, job_key_prefix

from core.ports import RecordingJobDeps
from core.settings import Settings
from integrations.store.queue import ArqJobQueue
from integrations.store.records import RedisStore, state_key
from integrations.wiring.worker import build_recording_job_deps
from tests.fakes.media_site import MediaSite
from tests.fakes.slack_api import FakeSlack
from tests.support.workers import run_workers_in_burst
from tests.worker.conftest import link_request
from worker import tasks
from worker.context import WorkerDeps
from worker.sweeper import Limits, sweep


@pytest.fixture
async def deps(worker_settings: Settings) -> AsyncIterator[RecordingJobDeps]:
    async with AsyncExitStack() as closers:
        yield build_recording_job_deps(worker_settings, closers=closers)


def failure_texts(slack: FakeSlack) -> list[str]:
    calls = slack.calls_to("chat.postMessage") + slack.calls_to("chat.update")
    return [str(c["params"].get("text")) for c in calls if "Could not" in str(c["params"])]


async def test_a_job_past_its_deadline_fails_and_the_requester_hears_once(
    queue: ArqJobQueue,
    store: RedisStore,
    redis: ArqRedis,
    worker_settings: Settings,
    media_site: MediaSite,
    fake_slack: FakeSlack,
) -> None:
    media_site.hold("speech.wav")  # the download never answers
    # Settings validation keeps SCRIBE_JOB_TIMEOUT_S at a minute or more; a test cannot wait.
    settings = worker_settings.model_copy(update={"job_timeout_s": 1})
    submitted = await queue.submit(link_request(f"{media_site.url}/speech.wav"))
    try:
        await run_workers_in_burst(settings, questions=False)
    finally:
        media_site.release()

    status = await store.get(submitted.job_id)
    assert status is not None and status.state == "failed"
    assert status.reason is not None and "SCRIBE_JOB_TIMEOUT_S" in status.reason
    assert len(fake_slack.calls_to("chat.postMessage")) == 1  # the one message, which ...
    final = fake_slack.calls_to("chat.update")[-1]["params"]
    assert "SCRIBE_JOB_TIMEOUT_S" in str(final["text"])  # ... ends up saying why
    assert await redis.zcard("arq:queue") == 0  # arq will not run it again
    assert (await store.counters())["failures"] == {"timed_out": 1.0}


async def test_the_sweeper_fails_a_job_whose_worker_vanished_and_says_so_once(
    store: RedisStore,
    redis: ArqRedis,
    deps: RecordingJobDeps,
    worker_settings: Settings,
    fake_slack: FakeSlack,
) -> None:
    request = link_request("https://example.com/lost.wav")
    await store.create(request)
    await store.set_state(request.job_id, "fetching")  # and arq holds no such job
    limits = Limits.from_settings(worker_settings)
    now = time.time()

    assert await sweep(store, redis, deps, limits=limits, now=now) == []  # too recent to tell
    later = now + limits.orphan_s + 1
    assert await sweep(store, redis, deps, limits=limits, now=later) == [request.job_id]
    assert await sweep(store, redis, deps, limits=limits, now=later) == []

    status = await store.get(request.job_id)
    assert status is not None and status.state == "failed"
    assert status.reason is not None and "stopped without finishing" in status.reason
    (notice,) = failure_texts(fake_slack)
    assert "stopped without finishing" in notice


async def test_the_sweeper_fails_running_jobs_only_past_the_longest_a_job_may_take(
    queue: ArqJobQueue,
    store: RedisStore,
    redis: ArqRedis,
    deps: RecordingJobDeps,
    worker_settings: Settings,
    fake_slack: FakeSlack,
) -> None:
    running = link_request("https://example.com/running.wav")
    waiting = link_request("https://example.com/waiting.wav")
    reviewed = link_request("https://example.com/reviewed.wav")
    for request in (running, waiting, reviewed):
        await queue.submit(request)
    await store.set_state(running.job_id, "transcribing")
    await store.set_state(reviewed.job_id, "review")
    await redis.delete(job_key_prefix + reviewed.job_id)  # held for the host: out of arq
    await redis.zrem("arq:queue", reviewed.job_id)
    limits = Limits.from_settings(worker_settings)
    now = time.time()

    soon = now + limits.orphan_s + 1
    assert await sweep(store, redis, deps, limits=limits, now=soon) == []
    much_later = now + limits.running_s + 1
    assert await sweep(store, redis, deps, limits=limits, now=much_later) == [running.job_id]

    status = await store.get(running.job_id)
    assert status is not None and status.state == "failed"
    assert status.reason is not None and "transcribing" in status.reason
    # arq lets go of it: it does not start again after being declared failed.
    assert await redis.zscore("arq:queue", running.job_id) is None
    assert not await redis.exists(job_key_prefix + running.job_id)
    for request in (waiting, reviewed):
        untouched = await store.get(request.job_id)
        assert untouched is not None and untouched.state != "failed"
    assert len(failure_texts(fake_slack)) == 1


async def test_a_worker_whose_lease_another_took_stops_the_job(
    queue: ArqJobQueue,
    store: RedisStore,
    redis: ArqRedis,
    deps: RecordingJobDeps,
    worker_settings: Settings,
    media_site: MediaSite,
    fake_slack: FakeSlack,
) -> None:
    media_site.hold("speech.wav")
    request = link_request(f"{media_site.url}/speech.wav")
    await queue.submit(request)
    key = in_progress_key_prefix + request.job_id
    await redis.psetex(key, 60_000, b"1")  # arq's marker, as it starts the job here
    async with AsyncExitStack() as closers:
        context = WorkerDeps(settings=worker_settings, closers=closers, recording_deps=deps)
        ctx = {"scribe": context, "redis": redis, "job_id": request.job_id, "job_try": 1}
        running = asyncio.create_task(tasks.process_recording(ctx, request.model_dump(mode="json")))
        try:
            deadline = time.monotonic() + 30
            while await redis.get(key) == b"1":  # until the lease holds it
                assert time.monotonic() < deadline and not running.done()
                await asyncio.sleep(0.02)
            # Cut off from Redis past the lease, this worker finds on its return that another
            # took the job over (arq's marker again, written by that worker).
            await redis.psetex(key, 60_000, b"1")
            assert await asyncio.wait_for(running, timeout=30) is None
        finally:
            media_site.release()
            running.cancel()

    assert not fake_slack.calls_to("chat.update")  # nothing shown as this worker's result
    status = await store.get(request.job_id)
    assert status is not None and status.state not in ("done", "failed")
    assert await redis.get(key) == b"1"  # the other worker's marker is left alone


async def test_the_recordings_worker_runs_the_sweep_arq_queues(
    store: RedisStore,
    redis: ArqRedis,
    worker_settings: Settings,
    fake_slack: FakeSlack,
) -> None:
    request = link_request("https://example.com/abandoned.wav")
    status = await store.create(request)
    long_ago = time.time() - 3600  # its worker vanished an hour ago, arq holds nothing
    stuck = status.model_copy(update={"state": "fetching", "updated_at": long_ago})
    await redis.set(state_key(request.job_id), stuck.model_dump_json())
    # What arq's cron queues every five minutes, due now.
    await redis.enqueue_job("sweep_stale_jobs", _job_id="scribe:sweep")

    await run_workers_in_burst(worker_settings, questions=False)

    swept = await store.get(request.job_id)
    assert swept is not None and swept.state == "failed"
    assert len(failure_texts(fake_slack)) == 1
