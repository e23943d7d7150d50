"""Health, readiness and metrics of the receiver, against real Redis."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from bot.server import create_app
from core.domain import JobRequest, Source
from core.settings import Settings
from integrations.store.queue import ArqJobQueue
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
    assert 'scribe_queue_depth{queue="arq:queue"} 3.0' in text
    assert 'scribe_jobs{state="queued"} 3.0' in text
    assert 'scribe_jobs{state="failed"} 1.0' in text
    assert 'scribe_stage_seconds_total{stage="transcribing"} 12.5' in text
    assert 'scribe_stage_runs_total{stage="transcribing"} 1.0' in text
    assert "scribe_realtime_factor 0.05" in text
    assert 'scribe_job_failures_total{reason="not_found"} 1.0' in text


async def test_metrics_is_503_while_redis_is_down(make_settings: Callable[..., Settings]) -> None:
    response = await get(make_settings(redis_url="redis://127.0.0.1:1/0"), "/metrics")
    assert response.status_code == 503
