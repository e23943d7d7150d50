"""Exactly once toward Slack, from `/scribe <link>` to a thread answer: the real receiver and
workers, real Redis, slack_sdk talking HTTP to a loopback Slack that acts and then loses its
reply (a 500, a dropped connection), and a worker killed between Slack and its ledger."""

from __future__ import annotations

import asyncio
import dataclasses
import re
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AsyncExitStack

import pytest

from core.answers import answer_in_thread
from core.domain import JobRequest, Question, SlackTarget, Source
from core.jobs import run_job
from core.ports import RecordingJobDeps
from core.settings import Settings
from integrations.slack.blocks import TEXT_LIMIT
from integrations.slack.notifier import SlackKeys
from integrations.store.records import RedisStore
from integrations.wiring.worker import build_question_job_deps, build_recording_job_deps
from tests.bot.conftest import SIGNING_SECRET, Receiver, running_receiver
from tests.conftest import DATA, changed
from tests.fakes.media_site import MediaSite
from tests.fakes.openai_api import FakeOpenAI
from tests.fakes.server import serving
from tests.fakes.slack_api import FakeSlack
from tests.support.workers import run_workers_in_burst

CHANNEL = "C0TEAM"  # the channel the signed slash commands come from


@pytest.fixture
def media_site() -> Iterator[MediaSite]:
    with serving(MediaSite({"speech.wav": DATA / "speech_short.wav"})) as site:
        yield site


@pytest.fixture
def settings(
    make_settings: Callable[..., Settings], redis_url: str, fake_slack: FakeSlack
) -> Settings:
    built: Settings = make_settings(
        redis_url=redis_url,
        slack_bot_token="xoxb-test",
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=f"{fake_slack.url}/api/",
        allow_private_urls=True,
        retry_base_s=0.1,
    )
    return built


@pytest.fixture
async def receiver(settings: Settings, fake_slack: FakeSlack) -> AsyncIterator[Receiver]:
    async with running_receiver(settings, fake_slack.url) as running:
        yield running


def top_level(slack: FakeSlack) -> list[dict[str, object]]:
    return [m for m in slack.messages_in(CHANNEL) if m.get("thread_ts") in (None, m["ts"])]


async def test_a_lost_post_reply_and_a_dropped_upload_reply_leave_one_message_and_one_file(
    receiver: Receiver,
    settings: Settings,
    fake_slack: FakeSlack,
    media_site: MediaSite,
    fake_openai: FakeOpenAI,
) -> None:
    slack = fake_slack
    slack.act_then_fail("chat.postMessage", "500")  # the receiver's "Queued" message
    slack.act_then_fail("files.completeUploadExternal", "drop")  # the transcript's share

    await receiver.command(f"{media_site.url}/speech.wav")
    await receiver.settle()
    await run_workers_in_burst(settings, questions=False)

    (message,) = top_level(slack)  # no orphan "Queued", no second summary
    assert "budget" in str(message["blocks"]).lower()
    (upload,) = slack.uploaded_files.values()
    assert upload["thread_ts"] == message["ts"]
    assert len(slack.calls_to("chat.postMessage")) == 1
    (status,) = await receiver.app.state.deps.store.recent(channel=CHANNEL)
    assert status.state == "done"

    # A 148,000-character answer to a question in that thread: within Slack's limit.
    answer = ("The budget review is on Friday & the owner is Ana. " * 3000)[:148_000]
    fake_openai.queue_reply(answer)
    asked = slack.add_human_message(
        CHANNEL, "When is the review?", user="U0ASKER", thread_ts=str(message["ts"])
    )
    event = {
        "type": "message", "channel": CHANNEL, "user": "U0ASKER", "text": "When is the review?",
        "ts": asked, "thread_ts": message["ts"], "channel_type": "channel", "event_ts": asked,
    }  # fmt: skip
    assert (await receiver.event(event, event_id="EvLong")).status_code == 200
    with_model = changed(settings, openai_api_key="test", openai_base_url=f"{fake_openai.url}/v1")
    await run_workers_in_burst(with_model)

    replies = [
        m
        for m in slack.thread(CHANNEL, str(message["ts"]))[1:]
        if m.get("bot_id") and not m.get("files")
    ]
    assert len(replies) >= 4  # 148,000 characters, more once "&" is escaped
    assert all(len(str(m["text"])) <= TEXT_LIMIT for m in replies)
    said = " ".join(re.sub(r"\n\(\d+/\d+\)$", "", str(m["text"])) for m in replies)
    assert said.split() == answer.replace("&", "&amp;").split()


def speech_request(media_site: MediaSite) -> JobRequest:
    return JobRequest(
        source=Source(kind="url", ref=f"{media_site.url}/speech.wav"),
        slack=SlackTarget(channel=CHANNEL, requested_by="U0ASKER"),
    )


async def created(
    request: JobRequest, settings: Settings, closers: AsyncExitStack
) -> tuple[RecordingJobDeps, RedisStore]:
    """A worker's dependencies, and the job recorded as the receiver records it."""
    deps = build_recording_job_deps(settings, closers=closers)
    store = deps.ledger
    assert isinstance(store, RedisStore)
    await store.create(request)
    return deps, store


async def test_a_worker_killed_between_the_upload_and_its_ledger_record_shares_once(
    settings: Settings, fake_slack: FakeSlack, media_site: MediaSite
) -> None:
    request = speech_request(media_site)
    async with AsyncExitStack() as closers:
        deps, store = await created(request, settings, closers)
        killed = dataclasses.replace(deps, ledger=_KilledBefore(store, SlackKeys.TRANSCRIPT))
        with pytest.raises(asyncio.CancelledError):
            await run_job(request, killed, job_id=request.job_id, last_try=False)
        assert len(fake_slack.uploaded_files) == 1

        # The job's next try (arq runs it again: it never finished).
        result = await run_job(request, deps, job_id=request.job_id, last_try=False)

        assert result is not None
        assert len(fake_slack.uploaded_files) == 1
        (file_id,) = fake_slack.uploaded_files
        assert await store.delivered(request.job_id, SlackKeys.TRANSCRIPT) == file_id
        assert len(top_level(fake_slack)) == 1
        status = await store.get(request.job_id)
        assert status is not None and status.state == "done"


async def test_a_worker_killed_between_an_answer_and_its_ledger_record_answers_once(
    settings: Settings, fake_slack: FakeSlack, media_site: MediaSite
) -> None:
    request = speech_request(media_site)
    async with AsyncExitStack() as closers:
        deps, store = await created(request, settings, closers)
        await run_job(request, deps, job_id=request.job_id, last_try=True)
        (summary,) = top_level(fake_slack)
        asked = "9999999999.000100"  # the question, after everything Scribe posted
        question = Question(
            job_id=request.job_id,
            channel=CHANNEL,
            thread_ts=str(summary["ts"]),
            message_ts=asked,
            user="U0ASKER",
            text="What was said?",
        )
        answering = build_question_job_deps(settings, closers=closers)
        key = f"answer:{asked}"
        killed = dataclasses.replace(answering, ledger=_KilledBefore(store, key))
        with pytest.raises(asyncio.CancelledError):
            await answer_in_thread(question, killed)

        # The question job's next try.
        ts = await answer_in_thread(question, answering)

        answers = [
            m
            for m in fake_slack.thread(CHANNEL, str(summary["ts"]))
            if str(m.get("metadata", {}).get("event_payload", {}).get("key", "")).startswith(key)
        ]
        assert [m["ts"] for m in answers] == [ts]
        assert await store.delivered(request.job_id, key) == ts


class _KilledBefore(RedisStore):
    """The ledger of a worker killed just before it records `key`: the call to Slack before
    that record went through, the record never happens, and the job stops there."""

    def __init__(self, store: RedisStore, key: str) -> None:
        self.__dict__.update(store.__dict__)
        self._key = key

    async def record(self, job_id: str, key: str, value: str = "1") -> None:
        if key == self._key:
            raise asyncio.CancelledError
        await super().record(job_id, key, value)
