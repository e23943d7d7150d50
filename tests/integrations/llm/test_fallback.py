"""The summarizer the pipeline is given, built from settings as the CLI and the worker build
it: the language model when it works, the offline summary with a note when it does not."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack
from typing import Any

import pytest

from core.domain import JobRequest, Segment, Source, Summary, Transcript
from core.errors import Transient
from core.jobs import run_job
from core.ports import Summarizer
from core.settings import Settings
from integrations.llm.fallback import FallbackSummarizer
from integrations.offline.summarizer import OfflineSummarizer
from integrations.whisper.transcriber import WhisperTranscriber
from integrations.wiring.pipeline import build_summarizer
from integrations.wiring.worker import build_recording_job_deps
from tests.conftest import DATA
from tests.fakes.media_site import MediaSite
from tests.fakes.openai_api import FakeOpenAI
from tests.fakes.server import serve
from tests.integrations.llm.support import REPLY
from tests.scribe.helpers import closed_port_url

MEETING = Transcript(
    segments=(
        Segment(start=1, end=6, speaker="Dana", text="We decided to ship the beta on June 3rd."),
        Segment(start=7, end=12, speaker="Omar", text="I will update the release notes by Friday."),
    ),
    language="en",
    duration_seconds=12.0,
)


@pytest.fixture
async def closers() -> AsyncIterator[AsyncExitStack]:
    async with AsyncExitStack() as stack:
        yield stack


@pytest.fixture
def llm_summarizer(
    make_settings: Callable[..., Settings], closers: AsyncExitStack
) -> Callable[[str], Summarizer]:
    def build(base_url: str) -> Summarizer:
        settings = make_settings(
            openai_api_key="test",
            openai_base_url=f"{base_url}/v1",
            llm_model="local-llm",
            llm_max_retries=1,
        )
        return build_summarizer(settings, closers)

    return build


def assert_offline_with_note(summary: Summary, reason: str) -> None:
    assert summary.generated_by == "offline"
    assert summary.note is not None
    assert reason in summary.note
    assert summary.note.endswith("this is the offline summary.")
    # Still the offline summary's findings, not an empty shell.
    assert summary.decisions == ("We decided to ship the beta on June 3rd.",)
    assert summary.action_items[0].owner == "Omar"
    assert summary.action_items[0].due == "Friday"


async def test_a_working_model_writes_the_summary(
    fake_openai: FakeOpenAI, llm_summarizer: Callable[[str], Summarizer]
) -> None:
    fake = fake_openai
    url = fake_openai.url
    fake.queue_reply(json.dumps(REPLY))
    summary = await llm_summarizer(url).summarize(MEETING, title="Weekly")
    assert summary.generated_by == "local-llm"
    assert summary.note is None
    assert summary.title == "Launch date"


async def test_without_a_key_the_summary_is_offline_without_a_note(
    make_settings: Callable[..., Settings], closers: AsyncExitStack
) -> None:
    summarizer = build_summarizer(make_settings(), closers)
    assert isinstance(summarizer, OfflineSummarizer)
    summary = await summarizer.summarize(MEETING, title="Weekly")
    assert summary.generated_by == "offline"
    assert summary.note is None


async def test_an_unreachable_model_gives_the_offline_summary(
    llm_summarizer: Callable[[str], Summarizer],
) -> None:
    summary = await llm_summarizer(closed_port_url()).summarize(MEETING, title="Weekly")
    assert_offline_with_note(summary, "the language model server could not be reached")


@pytest.mark.parametrize(
    "script,reason",
    [
        ([("error", 503), ("error", 503)], "the language model server is busy (503)"),
        ([("error", 401)], "refused the API key (401)"),
        ([("error", 404)], "model 'local-llm' was not found"),
        ([("reply", "Sure! The beta ships."), ("reply", "{}")], "does not fit the required"),
        ([("refusal", "I can't help with that.")], "declined to summarize this meeting"),
        ([("raw", "<html>Bad gateway</html>")], "a reply that is not JSON"),
    ],
)
async def test_a_failing_model_gives_the_offline_summary(
    fake_openai: FakeOpenAI,
    llm_summarizer: Callable[[str], Summarizer],
    script: list[tuple[str, Any]],
    reason: str,
) -> None:
    fake = fake_openai
    url = fake_openai.url
    queue: dict[str, Callable[[Any], None]] = {
        "error": fake.queue_error,
        "reply": fake.queue_reply,
        "refusal": fake.queue_refusal,
        "raw": fake.queue_raw,
    }
    for kind, value in script:
        queue[kind](value)
    summary = await llm_summarizer(url).summarize(MEETING, title="Weekly")
    assert_offline_with_note(summary, reason)
    assert len(fake.chat_requests()) == len(script)


class _Broken:
    async def summarize(
        self, transcript: Transcript, *, title: str, last_try: bool = True
    ) -> Summary:
        raise KeyError("choices")


async def test_a_bug_in_the_model_path_still_gives_the_offline_summary() -> None:
    summary = await FallbackSummarizer(_Broken(), OfflineSummarizer()).summarize(
        MEETING, title="Weekly"
    )
    assert_offline_with_note(summary, "unexpected KeyError")


async def test_a_worker_job_keeps_its_transcript_and_finishes_with_the_offline_summary(
    make_settings: Callable[..., Settings],
    redis_url: str,
    fake_openai: FakeOpenAI,
    whisper_model: Any,
) -> None:
    """A try that is not the last leaves the model another chance later (the transcript is
    kept); the last try finishes with the offline summary and says why."""
    fake = fake_openai
    llm_url = fake_openai.url
    for _ in range(4):
        fake.queue_error(503)
    site = MediaSite({"speech.wav": DATA / "speech_short.wav"})
    settings = make_settings(
        redis_url=redis_url,
        allow_private_urls=True,
        openai_api_key="test",
        openai_base_url=f"{llm_url}/v1",
        llm_max_retries=1,
    )
    with serve(site.app) as url:
        request = JobRequest(source=Source(kind="url", ref=f"{url}/speech.wav"))
        async with AsyncExitStack() as closers:
            transcriber = WhisperTranscriber(lambda: whisper_model)
            deps = build_recording_job_deps(settings, closers=closers, transcriber=transcriber)
            await deps.states.create(request)
            with pytest.raises(Transient, match="busy"):
                await run_job(request, deps, job_id=request.job_id, last_try=False)
            result = await run_job(request, deps, job_id=request.job_id, last_try=True)
            stored = await deps.archive.load_result(request.job_id)
            status = await deps.states.get(request.job_id)
    assert result is not None
    assert stored == result
    assert status is not None and status.state == "done"
    assert result.summary.generated_by == "offline"
    assert result.summary.note is not None and "busy (503)" in result.summary.note
    assert "budget" in " ".join(s.text for s in result.transcript.segments).lower()
    assert site.hits["speech.wav"] == 1
