"""Thread questions answered by the model through the loopback OpenAI fake; when the model
fails, the matching passages are posted instead (core.answers), so a question is never left
without a reply."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import openai
import pytest

from core.answers import answer_in_thread
from core.domain import MeetingResult, Question, Segment, Source, Summary, Transcript, Turn
from core.errors import Transient
from core.memory import MemoryStore
from core.ports import QuestionJobDeps
from integrations.llm.answerer import OpenAIAnswerer
from integrations.offline.bm25 import BM25Ranker
from tests.fakes.openai_api import FakeOpenAI
from tests.scribe.helpers import closed_port_url

JOB = "file:weekly"
QUESTION = Question(
    job_id=JOB,
    channel="C1",
    thread_ts="100.1",
    message_ts="100.2",
    user="U1",
    text="When does the beta ship?",
)
RESULT = MeetingResult(
    source=Source(kind="file", ref="weekly.vtt"),
    duration_seconds=12.0,
    language="en",
    transcript=Transcript(
        segments=(
            Segment(start=1, end=6, speaker="Dana", text="We decided the beta ships on June 3rd."),
            Segment(start=7, end=12, speaker="Omar", text="I will update the release notes."),
        ),
        language="en",
        duration_seconds=12.0,
    ),
    summary=Summary(title="Beta", tldr="The beta ships on June 3rd.", generated_by="m"),
)
QUOTED = "These parts of the meeting match your question best:\n> [0:01] Dana: We decided"


class RecordingThread:
    def __init__(self) -> None:
        self.replies: list[str] = []

    async def history(self, channel: str, thread_ts: str, *, before: str) -> list[Turn]:
        return []

    async def reply(
        self, channel: str, thread_ts: str, text: str, *, job_id: str, key: str, resuming: bool
    ) -> str:
        self.replies.append(text)
        return f"200.{len(self.replies)}"


@pytest.fixture
async def client_for() -> AsyncIterator[Callable[[str], openai.AsyncOpenAI]]:
    made: list[openai.AsyncOpenAI] = []

    def build(url: str) -> openai.AsyncOpenAI:
        made.append(openai.AsyncOpenAI(base_url=f"{url}/v1", api_key="test", max_retries=0))
        return made[-1]

    yield build
    for client in made:
        await client.close()


async def ask(url: str, client_for: Any, *, last_try: bool) -> tuple[str, RecordingThread]:
    store = MemoryStore()
    await store.save_result(JOB, RESULT)
    thread = RecordingThread()
    deps = QuestionJobDeps(
        archive=store,
        ledger=store,
        ranker=BM25Ranker(),
        answerer=OpenAIAnswerer(client_for(url), model="local-llm"),
        thread=thread,
        retention_days=30,
    )
    return await answer_in_thread(QUESTION, deps, last_try=last_try), thread


async def test_the_model_answers(fake_openai: FakeOpenAI, client_for: Any) -> None:
    fake = fake_openai
    url = fake_openai.url
    fake.queue_reply("The beta ships on June 3rd [0:01].")
    _, thread = await ask(url, client_for, last_try=False)
    assert thread.replies == ["The beta ships on June 3rd [0:01]."]
    (request,) = fake.chat_requests()
    assert request["messages"][-1]["content"] == QUESTION.text


@pytest.mark.parametrize(
    "fail",
    [
        lambda fake: fake.queue_error(500),
        lambda fake: fake.queue_error(401),
        lambda fake: fake.queue_raw("<html>Bad gateway</html>"),
        lambda fake: fake.queue_refusal("I can't help with that."),
        lambda fake: fake.queue_reply(""),
    ],
    ids=["server-error", "refused-key", "not-json", "refusal", "empty"],
)
async def test_a_failing_model_still_gets_an_answer_on_the_last_try(
    fake_openai: FakeOpenAI, client_for: Any, fail: Callable[[FakeOpenAI], None]
) -> None:
    fake = fake_openai
    url = fake_openai.url
    fail(fake)
    _, thread = await ask(url, client_for, last_try=True)
    (reply,) = thread.replies
    assert reply.startswith(QUOTED)


async def test_an_unreachable_model_still_gets_an_answer_on_the_last_try(
    client_for: Any,
) -> None:
    _, thread = await ask(closed_port_url(), client_for, last_try=True)
    (reply,) = thread.replies
    assert reply.startswith(QUOTED)


async def test_a_model_failing_for_good_is_not_waited_for(
    fake_openai: FakeOpenAI, client_for: Any
) -> None:
    fake = fake_openai
    url = fake_openai.url
    fake.queue_error(401)
    _, thread = await ask(url, client_for, last_try=False)
    assert thread.replies[0].startswith(QUOTED)


async def test_a_busy_model_is_tried_again_before_quoting(
    fake_openai: FakeOpenAI, client_for: Any
) -> None:
    fake = fake_openai
    url = fake_openai.url
    fake.queue_error(503)
    with pytest.raises(Transient, match="busy"):
        await ask(url, client_for, last_try=False)
