"""What the LLM is asked: the offline summary's fields and rules, in the meeting's language."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from integrations.llm.summarizer import OpenAISummarizer
from tests.fakes.openai_api import FakeOpenAI
from tests.integrations.llm.support import REPLY, long_meeting_responder, transcript


def _system(request: dict[str, Any]) -> str:
    content: str = request["messages"][0]["content"]
    return content


async def test_the_model_is_told_the_meetings_language(
    fake_openai: FakeOpenAI,
    summarizer: Callable[..., OpenAISummarizer],
) -> None:
    fake = fake_openai
    url = fake_openai.url
    fake.queue_reply(json.dumps(REPLY))
    german = transcript().model_copy(update={"language": "de"})
    await summarizer(url).summarize(german, title="Planung")
    (request,) = fake.chat_requests()
    system = _system(request)
    assert "The meeting was held in German (language code 'de')" in system
    assert "in German, even though these instructions are in English" in system


async def test_every_step_of_a_long_meeting_is_told_the_language(
    fake_openai: FakeOpenAI,
    summarizer: Callable[..., OpenAISummarizer],
) -> None:
    fake = fake_openai
    url = fake_openai.url
    fake.responder = long_meeting_responder
    meeting = transcript(lines=60, spacing=30.0).model_copy(update={"language": "pt"})
    await summarizer(url, chunk_tokens=600).summarize(meeting, title="")
    requests = fake.chat_requests()
    assert any(_system(r).startswith("You merge") for r in requests)
    assert len(requests) > 2
    assert all("held in Portuguese (language code 'pt')" in _system(r) for r in requests)


@pytest.mark.parametrize(
    "language,expected",
    [
        (None, "Write every text in the JSON in the language the meeting was held in."),
        ("xx", "The meeting was held in the language with code 'xx'."),
    ],
)
async def test_without_a_known_language_the_model_is_told_to_keep_the_meetings(
    fake_openai: FakeOpenAI,
    summarizer: Callable[..., OpenAISummarizer],
    language: str | None,
    expected: str,
) -> None:
    fake = fake_openai
    url = fake_openai.url
    fake.queue_reply(json.dumps(REPLY))
    await summarizer(url).summarize(
        transcript().model_copy(update={"language": language}), title=""
    )
    assert expected in _system(fake.chat_requests()[0])


async def test_the_prompt_asks_for_the_offline_summarys_fields_and_rules(
    fake_openai: FakeOpenAI,
    summarizer: Callable[..., OpenAISummarizer],
) -> None:
    """The same fields with the same rules as the offline summary: a title a person would
    write, a one-sentence TL;DR, one item per task, owners as said, no invented due dates."""
    fake = fake_openai
    url = fake_openai.url
    fake.queue_reply(json.dumps(REPLY))
    await summarizer(url).summarize(transcript(), title="")
    system = _system(fake.chat_requests()[0])
    for rule in (
        "title: what a person would call this meeting",
        "Not a list of keywords.",
        "tldr: one sentence",
        "a request and its acceptance are one item",
        'one person named two ways ("Sam", "Sam Lee") is one owner',
        "named as in the meeting",
        "null when no deadline was said: never work one out or invent one",
        "open_questions: questions raised and left unanswered",
        "key_points: the most important points",
        "chapters: the topics in the order they came up",
        "export headers",
    ):
        assert rule in system, rule
