"""Health, readiness and metrics of the receiver, against real Redis."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
from arq import Worker
from arq.connections import RedisSettings
from arq.worker import func

from bot.server import create_app
from core.domain import ANSWER_QUEUE, PROCESS_JOB, JobRequest, Question, Source
from core.settings import Settings
from integrations.store.queue import ArqJobQueue, json_loads
from integrations.store.records import RedisStore


async def get(settings: Settings, path: str) -> httpx.Response:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://scribe") as client:
            return await client.get(path)


async def test_healthz_answers_while_the_process_is_up(
    make_settings: Callable[..., Settings],
) -> None:
    response = await get(make_settings(redis_url="redis://127.0.0.1:1/0"), "/healthz")
    assert response.status_code == 200


async def test_readyz_is_503_while_redis_is_down(make_settings: Callable[..., Settings]) -> None:
    response = await get(make_settings(redis_url="redis://127.0.0.1:1/0"), "/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "redis unavailable"}


async def test_readyz_is_200_when_redis_answers(
    make_settings: Callable[..., Settings], redis_url: str
) -> None:
    response = await get(make_settings(redis_url=redis_url), "/readyz")
    assert response.status_code == 200


async def test_metrics_show_queue_depth_states_durations_and_failures(
    make_settings: Callable[..., Settings], redis_url: str
) -> None:
    settings = make_settings(redis_url=redis_url)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        deps = app.state.deps
        queue: ArqJobQueue = deps.queue
        store: RedisStore = deps.store
        for n in range(3):
            await queue.submit(JobRequest(source=Source(kind="url", ref=f"https://x.test/{n}.mp3")))
        failed = JobRequest(source=Source(kind="url", ref="https://x.test/bad.mp3"))
        await store.create(failed)
        await store.set_state(failed.job_id, "failed", reason="gone")
        await store.failed("not_found")
        await store.stage_finished("transcribing", 12.5)
        await store.transcribed(audio_seconds=300.0, seconds=15.0)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://scribe") as client:
            response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert "scribe_redis_up 1.0" in text
    assert 'scribe_queue_depth{queue="arq:queue"} 3.0' in text
    assert 'scribe_jobs{state="queued"} 3.0' in text
    assert 'scribe_jobs{state="failed"} 1.0' in text
    assert 'scribe_stage_seconds_total{stage="transcribing"} 12.5' in text
    assert 'scribe_stage_runs_total{stage="transcribing"} 1.0' in text
    assert "scribe_realtime_factor 0.05" in text
    assert 'scribe_job_failures_total{reason="not_found"} 1.0' in text


async def test_metrics_say_redis_is_down_while_it_is(
    make_settings: Callable[..., Settings],
) -> None:
    response = await get(make_settings(redis_url="redis://127.0.0.1:1/0"), "/metrics")
    assert response.status_code == 200
    assert "scribe_redis_up 0.0" in response.text
    # No queue figures at all rather than zeros an autoscaler would act on.
    assert "scribe_queue_depth" not in response.text
    assert "scribe_recordings_demand" not in response.text


async def test_recordings_demand_counts_recordings_waiting_and_running_not_questions(
    make_settings: Callable[..., Settings], redis_url: str
) -> None:
    """The figure KEDA scales GPU workers on: a recording a worker holds still counts, so
    a busy worker is never scaled away; thread questions (CPU workers) and the workers' own
    cron jobs waiting behind a busy worker never count."""
    app = create_app(make_settings(redis_url=redis_url))
    started = asyncio.Queue[asyncio.Event]()

    async def hold(ctx: dict[str, Any], payload: dict[str, Any]) -> None:
        finish = asyncio.Event()
        await started.put(finish)
        await finish.wait()

    async with app.router.lifespan_context(app):
        queue: ArqJobQueue = app.state.deps.queue
        for n in range(2):
            await queue.submit(JobRequest(source=Source(kind="url", ref=f"https://x.test/{n}.mp3")))
        question = Question(
            job_id="j", channel="C1", thread_ts="1.0", message_ts="2.0", user="U1", text="Why?"
        )
        await queue.ask(question, event_id="Ev1")
        # What arq's run_cron enqueues for the workers' stale-job sweep, on the same queue.
        await app.state.deps.redis.enqueue_job("sweep_stale_jobs", _job_id="sweep_stale_jobs:1")
        worker = Worker(
            functions=[func(hold, name=PROCESS_JOB)],
            redis_settings=RedisSettings.from_dsn(redis_url),
            job_deserializer=json_loads,
            max_jobs=1,
            poll_delay=0.01,
            handle_signals=False,
        )
        running = asyncio.create_task(worker.async_run())
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://scribe") as client:
            try:
                first = await asyncio.wait_for(started.get(), 10)
                one_running_one_waiting = (await client.get("/metrics")).text
                first.set()
                # With max_jobs=1 the second starts only once arq has finished the first.
                await asyncio.wait_for(started.get(), 10)
                one_running = (await client.get("/metrics")).text
            finally:
                running.cancel()
                await worker.close()
    assert "scribe_recordings_demand 2.0" in one_running_one_waiting
    assert 'scribe_queue_depth{queue="arq:queue"} 3.0' in one_running_one_waiting
    assert "scribe_recordings_demand 1.0" in one_running
    assert f'scribe_queue_depth{{queue="{ANSWER_QUEUE}"}} 1.0' in one_running
