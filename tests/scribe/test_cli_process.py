"""`scribe process` as a user runs it: a real subprocess, real files, real exit statuses."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from tests.conftest import DATA
from tests.fakes.openai_api import FakeOpenAI
from tests.fakes.server import serve
from tests.fakes.slack_api import FakeSlack
from tests.fakes.smtp import Mailbox, smtp_server
from tests.scribe.helpers import ZOOM_VTT, assert_one_clear_line, run


@pytest.fixture(scope="module")
def media_site() -> Iterator[str]:
    async def speech(_: object) -> FileResponse:
        return FileResponse(DATA / "speech_short.wav", media_type="audio/wav")

    async def page(_: object) -> Response:
        return Response("<html><body>Not a recording</body></html>", media_type="text/html")

    app = Starlette(routes=[Route("/speech.wav", speech), Route("/page", page)])
    with serve(app) as url:
        yield url


@pytest.mark.parametrize(
    "source,message",
    [
        ("missing.mp4", "missing.mp4: no such file"),
        (str(DATA / "empty.wav"), "empty.wav is empty"),
        (str(DATA / "not_media.wav"), "not_media.wav is not a media file FFmpeg can read"),
        (str(DATA / "truncated.m4a"), "truncated.m4a is not a media file"),
        (str(DATA / "truncated.mp3"), "truncated.mp3 is truncated or corrupt"),
        (str(DATA), "is not a file"),
        ("ftp://files.example.com/meeting.mp3", "only http and https links are supported"),
        ("http://169.254.169.254/latest/meta-data", "link-local or cloud metadata"),
        ("http://127.0.0.1:9/meeting.mp3", "private"),
        ("https://us02web.zoom.us/rec/share/abc", "ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, source: str, message: str) -> None:
    assert_one_clear_line(run(["process", source], tmp_path), 2, message)


def test_bad_language_exits_2(tmp_path: Path) -> None:
    result = run(["process", str(DATA / "speech_short.wav"), "--language", "klingon"], tmp_path)
    assert_one_clear_line(result, 2, "is not a language code")


def test_language_the_model_cannot_speak_exits_2(tmp_path: Path) -> None:
    result = run(["process", str(DATA / "speech_short.wav"), "--language", "de"], tmp_path)
    assert_one_clear_line(result, 2, "cannot transcribe 'de'")


def test_bad_setting_exits_2_naming_the_variable(tmp_path: Path) -> None:
    result = run(["process", "x.mp3"], tmp_path, SCRIBE_MAX_MEDIA_BYTES="lots")
    assert_one_clear_line(result, 2, "SCRIBE_MAX_MEDIA_BYTES")


def test_web_page_link_is_refused(tmp_path: Path, media_site: str) -> None:
    result = run(["process", f"{media_site}/page"], tmp_path, SCRIBE_ALLOW_PRIVATE_URLS="true")
    assert_one_clear_line(result, 2, "web page")


def test_zoom_transcript_file_is_summarized_without_transcription(tmp_path: Path) -> None:
    source = tmp_path / "weekly.vtt"
    source.write_text(ZOOM_VTT)
    result = run(["process", str(source), "--json", "out.json"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# ")
    assert "generated offline" in result.stdout
    document = json.loads((tmp_path / "out.json").read_text())
    assert set(document) >= {"source", "duration_seconds", "language", "transcript", "summary"}
    assert document["source"]["kind"] == "file"
    assert document["transcript"]["segments"][1]["speaker"] == "Omar Haddad"
    summary = document["summary"]
    assert set(summary) >= {
        "title",
        "tldr",
        "key_points",
        "decisions",
        "action_items",
        "open_questions",
        "chapters",
        "generated_by",
    }
    assert summary["generated_by"] == "offline"
    assert summary["decisions"] == ["We decided to ship the beta on June 3rd."]
    assert summary["action_items"] == [
        {"owner": "Omar Haddad", "task": "Update the release notes", "due": "Friday"}
    ]


def test_audio_link_is_downloaded_transcribed_and_summarized_by_the_llm(
    tmp_path: Path, media_site: str, fake_openai: FakeOpenAI
) -> None:
    fake, llm = fake_openai, fake_openai.url
    fake.queue_reply(
        json.dumps(
            {
                "title": "Budget review",
                "tldr": "The budget review is on Thursday.",
                "key_points": [],
                "decisions": [],
                "action_items": [],
                "open_questions": [],
                "chapters": [{"start": "0:00", "title": "Budget review"}],
            }
        )
    )
    result = run(
        ["process", f"{media_site}/speech.wav", "--json", "out.json"],
        tmp_path,
        SCRIBE_ALLOW_PRIVATE_URLS="true",
        OPENAI_API_KEY="test",
        OPENAI_BASE_URL=f"{llm}/v1",
        SCRIBE_LLM_MODEL="local-llm",
    )
    assert result.returncode == 0, result.stderr
    document = json.loads((tmp_path / "out.json").read_text())
    assert document["source"]["kind"] == "url"
    words = " ".join(s["text"] for s in document["transcript"]["segments"]).lower()
    assert "budget" in words
    assert "thursday" in words
    assert document["summary"]["generated_by"] == "local-llm"
    assert "# Budget review" in result.stdout
    (request,) = fake.chat_requests()
    assert "budget" in request["messages"][-1]["content"].lower()


def test_summary_is_posted_to_slack_and_mailed_to_allowed_addresses(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    slack, slack_url = fake_slack, fake_slack.url
    mailbox = Mailbox(refuse={"gone@example.com"})
    source = tmp_path / "weekly.vtt"
    source.write_text(ZOOM_VTT)
    with smtp_server(mailbox) as port:
        result = run(
            [
                "process",
                str(source),
                "--channel",
                "C0TEAM",
                "--email",
                "gone@example.com",
                "--email",
                "ana@example.com",
                "--email",
                "eve@elsewhere.org",
            ],
            tmp_path,
            SLACK_BOT_TOKEN="xoxb-test",
            SCRIBE_SLACK_API_URL=f"{slack_url}/api/",
            SCRIBE_SMTP_HOST="127.0.0.1",
            SCRIBE_SMTP_PORT=str(port),
            SCRIBE_SMTP_STARTTLS="false",
            SCRIBE_EMAIL_FROM="scribe@example.com",
            SCRIBE_EMAIL_ALLOWED_DOMAINS="example.com",
            SCRIBE_REDIS_URL="redis://127.0.0.1:1/0",
        )
    assert result.returncode == 0, result.stderr
    (post,) = slack.calls_to("chat.postMessage")
    assert post["params"]["channel"] == "C0TEAM"
    assert "We decided to ship the beta on June 3rd." in json.dumps(post["params"]["blocks"])
    assert len(slack.uploaded_files) == 1
    assert mailbox.recipients() == ["ana@example.com"]  # refused one skipped, others delivered
    _, message = mailbox.messages[0]
    assert message["Subject"].startswith("Meeting summary: ")
    parts = [message.get_body((kind,)) for kind in ("plain", "html")]
    for part in parts:
        assert part is not None
        body = part.get_content()
        assert "We decided to ship the beta on June 3rd." in body
        assert "Update the release notes" in body


def test_delivery_without_its_settings_fails_before_any_work(tmp_path: Path) -> None:
    result = run(["process", str(DATA / "speech_short.wav"), "--channel", "C1"], tmp_path)
    assert_one_clear_line(result, 2, "posting to Slack needs SLACK_BOT_TOKEN")
    result = run(["process", str(DATA / "speech_short.wav"), "--email", "a@b.c"], tmp_path)
    assert_one_clear_line(result, 2, "SCRIBE_SMTP_HOST")


def test_version_is_printed(tmp_path: Path) -> None:
    result = run(["--version"], tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("scribe ")


def test_speech_the_english_model_does_not_understand_exits_2_naming_the_setting(
    tmp_path: Path,
) -> None:
    result = run(["process", str(DATA / "german_speech.ogg")], tmp_path)
    assert_one_clear_line(result, 2, "SCRIBE_WHISPER_MODEL")
    assert "No speech" not in result.stderr
