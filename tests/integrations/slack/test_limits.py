"""Answers and summaries within Slack's limits: 40,000 characters of text, and a message
Slack refuses as too long is sent again, shorter, instead of failing the job."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from core.domain import JobRequest, SlackTarget, Source
from integrations.slack.blocks import MESSAGE_CHARS, TEXT_LIMIT, escape, paginate, summary_blocks
from integrations.slack.channel import SlackChannels
from integrations.slack.client import retry_handlers
from integrations.slack.notifier import SlackKeys, SlackNotifier
from integrations.slack.thread import CUT_NOTE, MAX_PARTS, SlackThread, answer_parts
from integrations.store.records import RedisStore
from tests.fakes.server import serving
from tests.fakes.slack_api import FakeSlack
from tests.integrations.slack.conftest import CHANNEL, meeting

_MARK = re.compile(r"\n\(\d+/\d+\)$")


def long_answer(chars: int) -> str:
    """Model output as it comes: paragraphs of sentences, with characters Slack escapes."""
    paragraph = "The budget <review> & the billing migration were discussed at length. " * 9
    text = ""
    while len(text) < chars:
        text += paragraph.strip() + "\n\n"
    return text[:chars]


async def test_slack_refuses_text_over_its_limit(client: AsyncWebClient) -> None:
    with pytest.raises(SlackApiError) as refused:
        await client.chat_postMessage(channel=CHANNEL, text="x" * (TEXT_LIMIT + 1))
    assert refused.value.response["error"] == "msg_too_long"
    await client.chat_postMessage(channel=CHANNEL, text="x" * TEXT_LIMIT)


async def test_a_148000_character_answer_is_posted_in_parts_within_the_limit(
    fake_slack: FakeSlack, client: AsyncWebClient, channels: SlackChannels
) -> None:
    summary = await channels.post(CHANNEL, text="Summary")
    answer = long_answer(148_000)

    first = await SlackThread(client).reply(CHANNEL, summary, answer, job_id="j1", key="answer:1")

    posted = [c["params"]["text"] for c in fake_slack.calls_to("chat.postMessage")][1:]
    count = len(posted)
    assert len(escape(answer)) == 169_110  # "<", ">" and "&" are escaped before the limit applies
    assert count == 5
    assert all(len(text) <= TEXT_LIMIT for text in posted)
    assert [_MARK.search(text).group() for text in posted] == [  # type: ignore[union-attr]
        f"\n({n}/{count})" for n in range(1, count + 1)
    ]
    assert " ".join(_MARK.sub("", t) for t in posted).split() == escape(answer).split()
    replies = fake_slack.thread(CHANNEL, summary)[1:]
    assert [m["text"] for m in replies] == posted
    assert first == replies[0]["ts"]


def test_an_answer_beyond_every_part_is_cut_and_says_so() -> None:
    parts = answer_parts(long_answer(400_000))
    assert len(parts) == MAX_PARTS
    assert all(len(part) <= TEXT_LIMIT for part in parts)
    assert parts[-1].endswith(f"{CUT_NOTE}\n({MAX_PARTS}/{MAX_PARTS})")


def test_a_short_answer_is_one_message_as_it_was() -> None:
    assert answer_parts("Friday, <b> & c") == ["Friday, &lt;b&gt; &amp; c"]


@pytest.fixture
def strict_slack() -> Iterator[FakeSlack]:
    """A Slack whose limit is lower than the one Scribe cuts to: it answers msg_too_long."""
    with serving(FakeSlack(text_limit=12_000)) as fake:
        yield fake


@pytest.fixture
async def strict_client(strict_slack: FakeSlack) -> AsyncIterator[AsyncWebClient]:
    client = AsyncWebClient(
        token="xoxb-test", base_url=f"{strict_slack.url}/api/", retry_handlers=retry_handlers()
    )
    yield client
    if client.session is not None:
        await client.session.close()


async def test_an_answer_slack_finds_too_long_is_shortened_and_posted(
    strict_slack: FakeSlack, strict_client: AsyncWebClient
) -> None:
    summary = await SlackChannels(strict_client).post(CHANNEL, text="Summary")
    answer = long_answer(30_000)

    await SlackThread(strict_client).reply(CHANNEL, summary, answer, job_id="j1", key="answer:1")

    calls = strict_slack.calls_to("chat.postMessage")[1:]
    assert calls[0]["response"]["error"] == "msg_too_long"
    replies = strict_slack.thread(CHANNEL, summary)[1:]
    assert len(replies) >= 3
    assert all(len(m["text"]) <= 12_000 for m in replies)
    assert " ".join(_MARK.sub("", m["text"]) for m in replies).split() == escape(answer).split()


async def test_text_over_the_limit_is_cut_not_refused(
    fake_slack: FakeSlack, channels: SlackChannels
) -> None:
    await channels.post(CHANNEL, text="word " * 20_000)
    (message,) = fake_slack.messages_in(CHANNEL)
    assert len(message["text"]) <= TEXT_LIMIT
    assert message["text"].endswith("…")


def request(progress_ts: str | None = None) -> JobRequest:
    return JobRequest(
        source=Source(kind="url", ref="https://media.test/standup.mp3"),
        slack=SlackTarget(channel=CHANNEL, requested_by="U0ASKER", progress_ts=progress_ts),
    )


async def test_a_summary_slack_finds_too_long_is_split_further_not_failed(
    fake_slack: FakeSlack, channels: SlackChannels, store: RedisStore
) -> None:
    queued = await channels.post(CHANNEL, text="Queued")
    result = meeting(points=12)
    before = paginate(summary_blocks(result, footer="Reply in this thread to ask about it"))
    fake_slack.fail_next("chat.update", "msg_too_long")

    delivered = await SlackNotifier(channels, store).deliver(
        request(queued), "job-1", result, store
    )

    assert delivered.link is not None
    assert await store.delivered("job-1", SlackKeys.PAGE_CHARS) == str(MESSAGE_CHARS // 2)
    shown = [c for c in fake_slack.calls_to("chat.update") if c["response"] is not None]
    assert shown[-1]["params"]["ts"] == queued
    thread = fake_slack.thread(CHANNEL, queued)
    parts = [m for m in thread[1:] if not m.get("files")]
    assert len(parts) + 1 > len(before)  # more, smaller messages
    blocks = [b for m in thread[:1] + parts for b in m["blocks"]]
    assert len(blocks) == sum(len(page) for page in before)  # nothing lost


async def test_parts_already_posted_are_edited_when_the_summary_is_split_further(
    fake_slack: FakeSlack, channels: SlackChannels, store: RedisStore
) -> None:
    queued = await channels.post(CHANNEL, text="Queued")
    result = meeting(points=60)
    notifier = SlackNotifier(channels, store)
    await notifier.deliver(request(queued), "job-1", result, store)
    posted = [m["ts"] for m in fake_slack.thread(CHANNEL, queued)[1:] if not m.get("files")]
    assert len(posted) >= 2

    fake_slack.fail_next("chat.update", "msg_too_long")  # the job is delivered again
    await notifier.deliver(request(queued), "job-1", result, store)

    parts = [m for m in fake_slack.thread(CHANNEL, queued)[1:] if not m.get("files")]
    assert [m["ts"] for m in parts][: len(posted)] == posted  # edited in place, not reposted
    assert len(parts) > len(posted)
    assert all(m.get("edited") for m in parts[: len(posted)])
    blocks = [b for m in fake_slack.thread(CHANNEL, queued)[:1] + parts for b in m["blocks"]]
    full = summary_blocks(result, footer="Reply in this thread to ask about it")
    assert blocks == full
    assert len(fake_slack.uploaded_files) == 1
