"""The LLM summarizer against a loopback server that speaks the OpenAI API, through the real
`openai` client."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Callable
from typing import Any

import openai
import pytest

from core.domain import Segment, Transcript
from core.errors import StageFailed, Transient
from integrations.llm.summarizer import OpenAISummarizer
from integrations.llm.tokens import build_token_counter
from tests.fakes.openai_api import FakeOpenAI

MODEL = "test-model"

REPLY = {
    "title": "Launch date",
    "tldr": "The team moved the launch to March 15.",
    "key_points": ["Launch moves to March 15"],
    "decisions": ["Launch on March 15"],
    "action_items": [{"owner": "Ana", "task": "Tell marketing", "due": "Friday"}],
    "open_questions": [],
    "chapters": [{"start": "0:00", "title": "Launch"}],
}


def transcript(lines: int = 3, spacing: float = 5.0) -> Transcript:
    speakers = ("Ana", "Ben")
    segments = tuple(
        Segment(
            start=i * spacing,
            end=i * spacing + spacing - 0.5,
            speaker=speakers[i % 2],
            text=f"Point number {i} about the launch plan and the budget for topic {i // 10}.",
        )
        for i in range(lines)
    )
    return Transcript(segments=segments, language="en", duration_seconds=lines * spacing)


@pytest.fixture
async def clients() -> AsyncIterator[list[openai.AsyncOpenAI]]:
    made: list[openai.AsyncOpenAI] = []
    yield made
    for client in made:
        await client.close()


@pytest.fixture
def summarizer(clients: list[openai.AsyncOpenAI]) -> Callable[..., OpenAISummarizer]:
    def build(url: str, *, retries: int = 2, chunk_tokens: int = 4000) -> OpenAISummarizer:
        client = openai.AsyncOpenAI(base_url=f"{url}/v1", api_key="test", max_retries=retries)
        clients.append(client)
        return OpenAISummarizer(
            client, model=MODEL, count_tokens=build_token_counter(), chunk_tokens=chunk_tokens
        )

    return build


async def test_request_carries_the_schema_and_the_transcript(
    fake_openai: tuple[FakeOpenAI, str],
    summarizer: Callable[..., OpenAISummarizer],
) -> None:
    fake, url = fake_openai
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
    fake_openai: tuple[FakeOpenAI, str],
    summarizer: Callable[..., OpenAISummarizer],
) -> None:
    fake, url = fake_openai
    fake.queue_error(429, retry_after=0.2)
    fake.queue_reply(json.dumps(REPLY))
    summary = await summarizer(url).summarize(transcript(), title="")
    assert summary.title == "Launch date"
    assert len(fake.chat_requests()) == 2


async def test_server_errors_that_outlast_the_retries_are_transient(
    fake_openai: tuple[FakeOpenAI, str],
    summarizer: Callable[..., OpenAISummarizer],
) -> None:
    fake, url = fake_openai
    for _ in range(2):
        fake.queue_error(503, retry_after=0.1)
    with pytest.raises(Transient, match="busy"):
        await summarizer(url, retries=1).summarize(transcript(), title="")
    assert len(fake.chat_requests()) == 2


async def test_malformed_reply_is_retried_once_with_a_correction(
    fake_openai: tuple[FakeOpenAI, str],
    summarizer: Callable[..., OpenAISummarizer],
) -> None:
    fake, url = fake_openai
    fake.queue_reply('{"title": "only a title"}')
    fake.queue_reply(json.dumps(REPLY))
    summary = await summarizer(url).summarize(transcript(), title="")
    assert summary.tldr == REPLY["tldr"]
    second = fake.chat_requests()[1]["messages"]
    assert second[-2] == {"role": "assistant", "content": '{"title": "only a title"}'}
    assert "does not fit the required JSON format" in second[-1]["content"]


async def test_malformed_reply_twice_fails_clearly(
    fake_openai: tuple[FakeOpenAI, str],
    summarizer: Callable[..., OpenAISummarizer],
) -> None:
    fake, url = fake_openai
    fake.queue_reply("Sure! Here is your summary: the meeting was great.")
    fake.queue_reply('{"title": 3}')
    with pytest.raises(StageFailed) as caught:
        await summarizer(url).summarize(transcript(), title="")
    assert caught.value.stage == "summarize"
    assert "twice returned a summary that does not fit" in caught.value.message
    assert len(fake.chat_requests()) == 2


async def test_empty_transcript_needs_no_model(
    fake_openai: tuple[FakeOpenAI, str],
    summarizer: Callable[..., OpenAISummarizer],
) -> None:
    fake, url = fake_openai
    summary = await summarizer(url).summarize(Transcript(), title="Standup")
    assert summary.tldr == "No speech was detected in this recording."
    assert fake.chat_requests() == []


async def test_servers_without_json_schema_get_json_mode(
    fake_openai: tuple[FakeOpenAI, str],
    summarizer: Callable[..., OpenAISummarizer],
) -> None:
    fake, url = fake_openai
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


def _times(text: str) -> list[str]:
    return re.findall(r"^\[(\d+:\d{2}(?::\d{2})?)\]", text, flags=re.MULTILINE)


def _long_meeting_responder(body: dict[str, Any]) -> str:
    """Parts get one chapter at their first line; the merge returns the parts' chapters in
    reverse order, so the summarizer has to put them back in order."""
    system = body["messages"][0]["content"]
    user = body["messages"][-1]["content"]
    if system.startswith("You merge"):
        notes = [json.loads(line) for line in user.splitlines() if line.startswith("{")]
        chapters = [c for note in notes for c in note["chapters"]][::-1]
        return json.dumps({**REPLY, "title": "Whole meeting", "chapters": chapters})
    first = _times(user)[0]
    return json.dumps({**REPLY, "chapters": [{"start": first, "title": f"From {first}"}]})


async def test_long_transcript_is_chunked_and_reduced(
    fake_openai: tuple[FakeOpenAI, str],
    summarizer: Callable[..., OpenAISummarizer],
) -> None:
    fake, url = fake_openai
    fake.responder = _long_meeting_responder
    meeting = transcript(lines=120, spacing=30.0)  # an hour
    summary = await summarizer(url, chunk_tokens=600).summarize(meeting, title="All hands")

    requests = fake.chat_requests()
    parts = [r for r in requests if "This is part" in r["messages"][0]["content"]]
    merges = [r for r in requests if r["messages"][0]["content"].startswith("You merge")]
    assert len(parts) >= 4
    assert len(merges) >= 1
    assert requests[-1] is merges[-1]
    covered = [t for p in parts for t in _times(p["messages"][-1]["content"])]
    assert len(covered) == 120  # every line went to exactly one part
    assert summary.title == "Whole meeting"
    starts = [c.start for c in summary.chapters]
    assert starts == sorted(starts)
    assert len(starts) == len(parts)
    assert starts[0] == 0.0
    assert all(0 <= s <= meeting.duration_seconds for s in starts)
