"""The LLM summarizer against a loopback server that speaks the OpenAI API, through the real
`openai` client."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from core.domain import Transcript
from core.errors import StageFailed, Transient
from integrations.llm.summarizer import OpenAISummarizer
from tests.fakes.openai_api import FakeOpenAI
from tests.integrations.llm.support import MODEL, REPLY, long_meeting_responder, times, transcript


async def test_request_carries_the_schema_and_the_transcript(
    fake_openai: FakeOpenAI,
    summarizer: Callable[..., OpenAISummarizer],
) -> None:
    fake = fake_openai
    url = fake_openai.url
    fake.queue_reply(json.dumps(REPLY))
    summary = await summarizer(url).summarize(transcript(), title="Weekly sync")

    (request,) = fake.chat_requests()
    assert request["model"] == MODEL
    response_format = request["response_format"]
    assert response_format["type"] == "json_schema"
    schema = response_format["json_schema"]["schema"]
    assert set(schema["required"]) >= {"title", "tldr", "decisions", "action_items", "chapters"}
    user = request["messages"][-1]["content"]
    assert "[0:05] Ben: Point number 1 about the launch plan" in user
    assert "Meeting: Weekly sync" in user
    assert summary.decisions == ("Launch on March 15",)
    assert summary.action_items[0].owner == "Ana"
    assert summary.action_items[0].due == "Friday"
    assert summary.generated_by == MODEL


async def test_rate_limit_then_success_is_retried(
    fake_openai: FakeOpenAI,
    summarizer: Callable[..., OpenAISummarizer],
) -> None:
    fake = fake_openai
    url = fake_openai.url
    fake.queue_error(429, retry_after=0.2)
    fake.queue_reply(json.dumps(REPLY))
    summary = await summarizer(url).summarize(transcript(), title="")
    assert summary.title == "Launch date"
    assert len(fake.chat_requests()) == 2


async def test_server_errors_that_outlast_the_retries_are_transient(
    fake_openai: FakeOpenAI,
    summarizer: Callable[..., OpenAISummarizer],
) -> None:
    fake = fake_openai
    url = fake_openai.url
    for _ in range(2):
        fake.queue_error(503, retry_after=0.1)
    with pytest.raises(Transient, match="busy"):
        await summarizer(url, retries=1).summarize(transcript(), title="")
    assert len(fake.chat_requests()) == 2


async def test_malformed_reply_is_retried_once_with_a_correction(
    fake_openai: FakeOpenAI,
    summarizer: Callable[..., OpenAISummarizer],
) -> None:
    fake = fake_openai
    url = fake_openai.url
    fake.queue_reply('{"title": "only a title"}')
    fake.queue_reply(json.dumps(REPLY))
    summary = await summarizer(url).summarize(transcript(), title="")
    assert summary.tldr == REPLY["tldr"]
    second = fake.chat_requests()[1]["messages"]
    assert second[-2] == {"role": "assistant", "content": '{"title": "only a title"}'}
    assert "does not fit the required JSON format" in second[-1]["content"]


async def test_malformed_reply_twice_fails_clearly(
    fake_openai: FakeOpenAI,
    summarizer: Callable[..., OpenAISummarizer],
) -> None:
    fake = fake_openai
    url = fake_openai.url
    fake.queue_reply("Sure! Here is your summary: the meeting was great.")
    fake.queue_reply('{"title": 3}')
    with pytest.raises(StageFailed) as caught:
        await summarizer(url).summarize(transcript(), title="")
    assert caught.value.stage == "summarize"
    assert "twice returned a summary that does not fit" in caught.value.message
    assert len(fake.chat_requests()) == 2


async def test_empty_transcript_needs_no_model(
    fake_openai: FakeOpenAI,
    summarizer: Callable[..., OpenAISummarizer],
) -> None:
    fake = fake_openai
    url = fake_openai.url
    summary = await summarizer(url).summarize(Transcript(), title="Standup")
    assert summary.tldr == "No speech was detected in this recording."
    assert fake.chat_requests() == []


async def test_servers_without_json_schema_get_json_mode(
    fake_openai: FakeOpenAI,
    summarizer: Callable[..., OpenAISummarizer],
) -> None:
    fake = fake_openai
    url = fake_openai.url
    fake.queue_error(
        400,
        body={
            "error": {
                "message": "response_format 'json_schema' is not supported",
                "type": "invalid_request_error",
            }
        },
    )
    fake.queue_reply(json.dumps(REPLY))
    summary = await summarizer(url).summarize(transcript(), title="")
    assert summary.title == "Launch date"
    retried = fake.chat_requests()[1]
    assert retried["response_format"] == {"type": "json_object"}
    assert '"action_items"' in retried["messages"][0]["content"]


async def test_long_transcript_is_chunked_and_reduced(
    fake_openai: FakeOpenAI,
    summarizer: Callable[..., OpenAISummarizer],
) -> None:
    fake = fake_openai
    url = fake_openai.url
    fake.responder = long_meeting_responder
    meeting = transcript(lines=120, spacing=30.0)  # an hour
    summary = await summarizer(url, chunk_tokens=600).summarize(meeting, title="All hands")

    requests = fake.chat_requests()
    parts = [r for r in requests if "This is part" in r["messages"][0]["content"]]
    merges = [r for r in requests if r["messages"][0]["content"].startswith("You merge")]
    assert len(parts) >= 4
    assert len(merges) >= 1
    assert requests[-1] is merges[-1]
    covered = [t for p in parts for t in times(p["messages"][-1]["content"])]
    assert len(covered) == 120  # every line went to exactly one part
    assert summary.title == "Whole meeting"
    starts = [c.start for c in summary.chapters]
    assert starts == sorted(starts)
    assert len(starts) == len(parts)
    assert starts[0] == 0.0
    assert all(0 <= s <= meeting.duration_seconds for s in starts)


async def test_a_refusal_is_not_asked_again(
    fake_openai: FakeOpenAI,
    summarizer: Callable[..., OpenAISummarizer],
) -> None:
    fake = fake_openai
    url = fake_openai.url
    fake.queue_refusal("I can't help with that.")
    with pytest.raises(StageFailed, match="declined to summarize"):
        await summarizer(url).summarize(transcript(), title="")
    assert len(fake.chat_requests()) == 1


async def test_a_body_that_is_not_json_fails_clearly(
    fake_openai: FakeOpenAI,
    summarizer: Callable[..., OpenAISummarizer],
) -> None:
    fake = fake_openai
    url = fake_openai.url
    fake.queue_raw("<html>502 Bad Gateway</html>")
    with pytest.raises(StageFailed, match="not JSON"):
        await summarizer(url).summarize(transcript(), title="")
