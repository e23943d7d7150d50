"""Jobs through real Redis and a real arq worker (in burst mode), delivering to a loopback
Slack."""

from __future__ import annotations

import json
from contextlib import AsyncExitStack
from dataclasses import replace
from typing import Any

import pytest
from arq.connections import ArqRedis

from core.jobs import run_job
from core.settings import Settings
from integrations.store.queue import ArqJobQueue
from integrations.store.records import RedisStore
from integrations.whisper.transcriber import WhisperTranscriber
from integrations.wiring.worker import build_recording_job_deps
from tests.conftest import changed
from tests.fakes.media_site import MediaSite
from tests.fakes.openai_api import FakeOpenAI
from tests.fakes.slack_api import FakeSlack
from tests.support.workers import run_workers_in_burst
from tests.worker.conftest import CHANNEL, link_request


def summary_updates(slack: FakeSlack) -> list[dict[str, object]]:
    return [c["params"] for c in slack.calls_to("chat.update") if c["params"].get("blocks")]


async def test_the_same_job_enqueued_twice_runs_once(
    queue: ArqJobQueue,
    store: RedisStore,
    worker_settings: Settings,
    media_site: MediaSite,
    fake_slack: FakeSlack,
) -> None:
    site = media_site
    url = media_site.url
    slack = fake_slack
    request = link_request(f"{url}/speech.wav")
    first = await queue.submit(request)
    second = await queue.submit(request)
    assert first.created
    assert not second.created
    assert second.job_id == first.job_id

    await run_workers_in_burst(worker_settings, questions=False)

    assert site.hits["speech.wav"] == 1
    assert len(slack.calls_to("chat.postMessage")) == 1
    assert len(summary_updates(slack)) == 1
    assert len(slack.uploaded_files) == 1
    status = await store.get(first.job_id)
    assert status is not None
    assert status.state == "done"
    assert [s for s, _ in status.history] == [
        "queued",
        "fetching",
        "transcribing",
        "summarizing",
        "delivering",
        "done",
    ]
    again = await queue.submit(request)
    assert not again.created
    assert again.status.state == "done"


async def test_a_flaky_download_is_retried_and_delivered(
    queue: ArqJobQueue,
    store: RedisStore,
    worker_settings: Settings,
    media_site: MediaSite,
    fake_slack: FakeSlack,
) -> None:
    site = media_site
    url = media_site.url
    slack = fake_slack
    site.fail_first("speech.wav", 503, times=2)
    submitted = await queue.submit(link_request(f"{url}/speech.wav"))

    await run_workers_in_burst(worker_settings, questions=False)

    assert site.hits["speech.wav"] == 3
    status = await store.get(submitted.job_id)
    assert status is not None
    assert status.state == "done"
    assert [s for s, _ in status.history].count("queued") == 3  # first queued, two retries
    assert len(summary_updates(slack)) == 1
    assert len(slack.calls_to("chat.postMessage")) == 1


async def test_a_missing_recording_fails_at_once_and_says_why_once(
    queue: ArqJobQueue,
    store: RedisStore,
    worker_settings: Settings,
    media_site: MediaSite,
    fake_slack: FakeSlack,
) -> None:
    site = media_site
    url = media_site.url
    slack = fake_slack
    submitted = await queue.submit(link_request(f"{url}/gone.wav"))

    await run_workers_in_burst(worker_settings, questions=False)

    assert site.hits["gone.wav"] == 1
    status = await store.get(submitted.job_id)
    assert status is not None
    assert status.state == "failed"
    assert status.reason is not None and "404" in status.reason
    posted = slack.calls_to("chat.postMessage")
    assert len(posted) == 1  # one message for the requester ...
    final = slack.calls_to("chat.update")[-1]["params"]
    assert "Could not summarize" in str(final["text"])
    assert "404" in str(final["text"])  # ... which ends up saying why
    assert not summary_updates(slack)
    # A failed job may be asked for again.
    assert (await queue.submit(link_request(f"{url}/gone.wav"))).created


async def test_stored_meetings_expire_after_the_retention_period(
    queue: ArqJobQueue,
    redis: ArqRedis,
    worker_settings: Settings,
    media_site: MediaSite,
) -> None:
    url = media_site.url
    submitted = await queue.submit(link_request(f"{url}/speech.wav"))
    await run_workers_in_burst(worker_settings, questions=False)

    three_days = 3 * 86_400
    keys = [
        f"scribe:meeting:{submitted.job_id}",
        f"scribe:job:{submitted.job_id}",
        f"scribe:delivered:{submitted.job_id}",
        f"scribe:channel:{CHANNEL}",
    ]
    keys += [k.decode() for k in await redis.keys("scribe:message:*")]
    assert len(keys) == 5
    for key in keys:
        ttl = await redis.ttl(key)
        assert three_days - 60 < ttl <= three_days, key
    assert not await redis.exists(f"scribe:transcript:{submitted.job_id}")


async def test_a_summary_failure_retries_without_transcribing_again(
    queue: ArqJobQueue,
    store: RedisStore,
    worker_settings: Settings,
    media_site: MediaSite,
    fake_openai: FakeOpenAI,
) -> None:
    site = media_site
    url = media_site.url
    llm = fake_openai
    llm_url = fake_openai.url
    llm.queue_error(503)
    llm.queue_reply(
        json.dumps(
            {
                "title": "Budget review",
                "tldr": "Budget review on Thursday.",
                "key_points": [],
                "decisions": [],
                "action_items": [],
                "open_questions": [],
                "chapters": [],
            }
        )
    )
    settings = changed(
        worker_settings, openai_api_key="test", openai_base_url=f"{llm_url}/v1", llm_max_retries=0
    )
    submitted = await queue.submit(link_request(f"{url}/speech.wav"))

    await run_workers_in_burst(settings, questions=False)

    status = await store.get(submitted.job_id)
    assert status is not None
    assert status.state == "done"
    assert site.hits["speech.wav"] == 1  # the retry reused the transcript
    assert len(llm.chat_requests()) == 2
    result = await store.load_result(submitted.job_id)
    assert result is not None
    assert result.summary.title == "Budget review"


async def test_running_a_finished_job_again_delivers_nothing_twice(
    queue: ArqJobQueue,
    worker_settings: Settings,
    media_site: MediaSite,
    fake_slack: FakeSlack,
) -> None:
    url = media_site.url
    slack = fake_slack
    request = link_request(f"{url}/speech.wav")
    await queue.submit(request)
    async with AsyncExitStack() as closers:
        deps = build_recording_job_deps(worker_settings, closers=closers)
        for _ in range(2):  # as if the worker died after delivering, before arq heard of it
            result = await run_job(request, deps, job_id=request.job_id, last_try=False)
            assert result is not None
    assert len(slack.calls_to("chat.postMessage")) == 1
    assert len(slack.uploaded_files) == 1


async def test_long_transcriptions_show_how_far_they_got(
    queue: ArqJobQueue,
    worker_settings: Settings,
    media_site: MediaSite,
    fake_slack: FakeSlack,
    whisper_model: Any,
) -> None:
    url = media_site.url
    slack = fake_slack
    request = link_request(f"{url}/standup.ogg")
    await queue.submit(request)
    async with AsyncExitStack() as closers:
        # Windows of 20 s, so a 75 s recording reports its position several times.
        transcriber = WhisperTranscriber(lambda: whisper_model, window_seconds=20.0)
        built = build_recording_job_deps(worker_settings, closers=closers, transcriber=transcriber)
        deps = replace(built, progress_interval_s=0.2)
        assert await run_job(request, deps, job_id=request.job_id, last_try=True) is not None
    updates = [str(c["params"]["text"]) for c in slack.calls_to("chat.update")]
    positions = [u for u in updates if "transcribed" in u]
    assert positions, updates
    assert all("of 1:15 transcribed" in p for p in positions)
    assert len(set(positions)) == len(positions)  # shown only when it moved


async def test_a_redis_hiccup_is_a_temporary_failure(redis_url: str) -> None:
    from redis.asyncio import Redis

    from core.errors import Transient

    dead = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)
    try:
        with pytest.raises(Transient, match="Redis is unavailable"):
            await RedisStore(dead, retention_days=1).get("zoom:abc")
    finally:
        await dead.aclose()


async def test_a_job_whose_worker_died_on_every_try_fails_with_a_reason(
    queue: ArqJobQueue,
    store: RedisStore,
    redis: ArqRedis,
    worker_settings: Settings,
    media_site: MediaSite,
    fake_slack: FakeSlack,
) -> None:
    from worker import tasks
    from worker.context import WorkerDeps

    slack = fake_slack
    url = media_site.url
    request = link_request(f"{url}/speech.wav")
    await queue.submit(request)
    async with AsyncExitStack() as closers:
        deps = build_recording_job_deps(worker_settings, closers=closers)
        context = WorkerDeps(settings=worker_settings, closers=closers, recording_deps=deps)
        ctx = {
            "scribe": context,
            "redis": redis,
            "job_id": request.job_id,
            "job_try": worker_settings.job_max_tries + 1,
        }  # arq's extra try after the last
        assert await tasks.process_recording(ctx, request.model_dump(mode="json")) is None
    status = await store.get(request.job_id)
    assert status is not None and status.state == "failed"
    assert status.reason is not None and "stopped unexpectedly 5 times" in status.reason
    (notice,) = slack.calls_to("chat.postMessage")
    assert "stopped unexpectedly" in str(notice["params"]["text"])
