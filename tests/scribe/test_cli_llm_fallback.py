"""When the language model fails, `scribe process` still succeeds: the offline summary, saying
why, and the transcript, on stdout and in --json (CONTRACT section 2: work already done is not
thrown away)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA
from tests.fakes.openai_api import FakeOpenAI
from tests.scribe.helpers import ZOOM_VTT, closed_port_url, run

GERMAN_VTT = (
    "WEBVTT\n\n1\n00:00:01.000 --> 00:00:06.000\nAnna Berg: Wir haben beschlossen, die Beta am "
    "3. Juni zu veröffentlichen.\n\n2\n00:00:07.000 --> 00:00:12.000\nJonas Klein: Ich "
    "aktualisiere die Versionshinweise bis Freitag.\n"
)
DRAFT = {
    "title": "Beta-Veröffentlichung",
    "tldr": "Die Beta erscheint am 3. Juni.",
    "key_points": [],
    "decisions": ["Die Beta erscheint am 3. Juni."],
    "action_items": [
        {"owner": "Jonas Klein", "task": "Versionshinweise aktualisieren", "due": "Freitag"}
    ],
    "open_questions": [],
    "chapters": [{"start": "0:01", "title": "Beta"}],
}


def process_with_llm(
    tmp_path: Path, source: Path | str, base_url: str, *args: str
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    result = run(
        ["process", str(source), "--json", "out.json", *args],
        tmp_path,
        OPENAI_API_KEY="test",
        OPENAI_BASE_URL=f"{base_url}/v1",
        SCRIBE_LLM_MODEL="local-llm",
        SCRIBE_LLM_MAX_RETRIES="1",
    )
    assert result.returncode == 0, result.stderr
    return result, json.loads((tmp_path / "out.json").read_text())


def assert_offline_summary_that_says_why(
    result: subprocess.CompletedProcess[str], document: dict[str, Any], reason: str
) -> None:
    summary = document["summary"]
    assert summary["generated_by"] == "offline"
    assert summary["note"].startswith("The language model could not be used (")
    assert reason in summary["note"]
    assert summary["note"].endswith("this is the offline summary.")
    assert result.stdout.startswith(f"# {summary['title']}\n")
    (warning,) = result.stderr.strip().splitlines()
    assert warning == f"scribe: warning: {summary['note']}"
    assert "Traceback" not in result.stderr


@pytest.fixture
def weekly(tmp_path: Path) -> Path:
    source = tmp_path / "weekly.vtt"
    source.write_text(ZOOM_VTT)
    return source


def test_unreachable_model_after_transcription_gives_the_offline_summary(
    tmp_path: Path,
) -> None:
    result, document = process_with_llm(tmp_path, DATA / "speech_short.wav", closed_port_url())
    assert_offline_summary_that_says_why(result, document, "could not be reached")
    words = " ".join(s["text"] for s in document["transcript"]["segments"]).lower()
    assert "budget" in words  # the transcription was kept
    assert "thursday" in words


def test_server_errors_give_the_offline_summary(
    tmp_path: Path, weekly: Path, fake_openai: FakeOpenAI
) -> None:
    fake = fake_openai
    url = fake_openai.url
    for _ in range(2):  # the first try and the SDK's one retry
        fake.queue_error(500)
    result, document = process_with_llm(tmp_path, weekly, url)
    assert_offline_summary_that_says_why(result, document, "busy (500)")
    assert len(fake.chat_requests()) == 2
    summary = document["summary"]
    assert summary["decisions"] == ["We decided to ship the beta on June 3rd."]
    assert summary["action_items"] == [
        {"owner": "Omar Haddad", "task": "Update the release notes", "due": "Friday"}
    ]
    assert document["transcript"]["segments"][0]["speaker"] == "Dana Whitfield"


def test_malformed_replies_give_the_offline_summary(
    tmp_path: Path, weekly: Path, fake_openai: FakeOpenAI
) -> None:
    fake = fake_openai
    url = fake_openai.url
    fake.queue_reply("Here are the notes: the beta ships in June.")
    fake.queue_reply('{"title": "Beta"')
    result, document = process_with_llm(tmp_path, weekly, url)
    assert_offline_summary_that_says_why(result, document, "does not fit the required format")
    assert len(fake.chat_requests()) == 2  # asked once more, with a correction


def test_a_body_that_is_not_json_gives_the_offline_summary(
    tmp_path: Path, weekly: Path, fake_openai: FakeOpenAI
) -> None:
    fake = fake_openai
    url = fake_openai.url
    fake.queue_raw("<html>Bad gateway</html>")
    result, document = process_with_llm(tmp_path, weekly, url)
    assert_offline_summary_that_says_why(result, document, "a reply that is not JSON")


def test_a_refusal_gives_the_offline_summary(
    tmp_path: Path, weekly: Path, fake_openai: FakeOpenAI
) -> None:
    fake = fake_openai
    url = fake_openai.url
    fake.queue_refusal("I can't help with that.")
    result, document = process_with_llm(tmp_path, weekly, url)
    assert_offline_summary_that_says_why(result, document, "declined to summarize")
    assert len(fake.chat_requests()) == 1  # a refusal is not asked again


def test_the_model_is_told_to_write_in_the_meetings_language(
    tmp_path: Path, fake_openai: FakeOpenAI
) -> None:
    fake = fake_openai
    url = fake_openai.url
    fake.queue_reply(json.dumps(DRAFT))
    source = tmp_path / "planung.vtt"
    source.write_text(GERMAN_VTT)
    result, document = process_with_llm(tmp_path, source, url, "--language", "de")
    (request,) = fake.chat_requests()
    system = request["messages"][0]["content"]
    assert "The meeting was held in German (language code 'de')" in system
    assert "Versionshinweise" in request["messages"][-1]["content"]
    summary = document["summary"]
    assert summary["generated_by"] == "local-llm"
    assert summary["note"] is None
    assert summary["action_items"][0]["due"] == "Freitag"
    assert document["language"] == "de"
    assert result.stderr == ""
