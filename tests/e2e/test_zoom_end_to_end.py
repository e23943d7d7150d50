"""From a signed Zoom webhook to the summary in Slack, the transcript file with speaker names
in its thread, and the mail in the attendees' inboxes: the real receiver, a real arq worker
(burst mode) with the real Whisper model, real Redis, a loopback Zoom (OAuth, REST, file
downloads that need the token), a loopback Slack and a real SMTP server."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from core.settings import Settings
from tests.bot.conftest import running_receiver
from tests.conftest import DATA, changed
from tests.e2e.conftest import ZOOM_SECRET, post_zoom_webhook
from tests.fakes.slack_api import FakeSlack
from tests.fakes.smtp import Mailbox
from tests.fakes.zoom_api import FakeZoom
from tests.integrations.whisper.mixing import ASSETS
from tests.support.meetings import close_talk_tracks
from tests.support.workers import run_workers_in_burst

UUID = "/e2eMeeting+A1b2C3==//x"
CHANNEL = "C0ZOOM"
VTT = """WEBVTT

1
00:00:01.000 --> 00:00:04.000
Priya Patel: We decided to move billing to the new provider in May.

2
00:00:04.500 --> 00:00:08.000
Sam Lee: I will draft the migration plan by Friday.
"""


@pytest.fixture
def e2e_settings(
    make_settings: Callable[..., Settings],
    redis_url: str,
    fake_slack: FakeSlack,
    zoom: FakeZoom,
    mailbox: tuple[Mailbox, int],
) -> Settings:
    settings: Settings = make_settings(
        redis_url=redis_url,
        slack_bot_token="xoxb-test",
        slack_api_url=f"{fake_slack.url}/api/",
        zoom_webhook_secret_token=ZOOM_SECRET,
        default_channel=CHANNEL,
        allow_private_urls=True,
        smtp_host="127.0.0.1",
        smtp_port=mailbox[1],
        smtp_starttls=False,
        email_from="scribe@example.com",
        email_allowed_domains="example.com",
        retry_base_s=0.1,
        **zoom.settings(),
    )
    return settings


async def send_webhook(settings: Settings, slack_url: str, body: dict[str, Any]) -> int:
    async with running_receiver(settings, slack_url) as receiver:
        return await post_zoom_webhook(receiver.client, body)


def arrange_meeting(zoom: FakeZoom, files: dict[str, bytes]) -> None:
    zoom.add_recording(UUID, host_email="host@example.com", topic="Billing sync", files=files)
    zoom.set_participants(
        UUID,
        [
            {"name": "Priya Patel", "user_email": "priya@example.com"},
            {"name": "Sam Lee", "user_email": "sam@example.com"},
            {"name": "Sam Lee", "user_email": "sam@example.com"},  # rejoined
            {"name": "Gone", "user_email": "gone@example.com"},
            {"name": "Guest", "user_email": "guest@elsewhere.org"},
            {"name": "Phone user", "user_email": ""},
        ],
    )


async def test_a_zoom_webhook_becomes_a_summary_a_transcript_and_mail(
    e2e_settings: Settings,
    fake_slack: FakeSlack,
    zoom: FakeZoom,
    mailbox: tuple[Mailbox, int],
) -> None:
    slack = fake_slack
    slack_url = fake_slack.url
    arrange_meeting(zoom, {"M4A": (DATA / "speech_short.wav").read_bytes(), "MP4": b"video"})
    body = zoom.recording_event(UUID)
    assert await send_webhook(e2e_settings, slack_url, body) == 200
    assert await send_webhook(e2e_settings, slack_url, body) == 200  # Zoom's retry: no 2nd job

    await run_workers_in_burst(e2e_settings)

    posts = slack.calls_to("chat.postMessage")
    assert [p["params"]["channel"] for p in posts][:1] == [CHANNEL]
    summaries = [c["params"] for c in slack.calls_to("chat.update") if c["params"].get("blocks")]
    assert len(summaries) == 1
    assert "Billing sync" in json.dumps(summaries[0]["blocks"])
    (upload,) = slack.uploaded_files.values()
    assert upload["thread_ts"] == summaries[0]["ts"]
    downloads = [c for c in zoom.calls if c.path.startswith("/rec/download/")]
    assert len(downloads) == 1  # the audio-only file, not the video
    assert downloads[0].headers.get("authorization", "").startswith("Bearer dl.")
    box, _ = mailbox
    assert sorted(box.recipients()) == ["host@example.com", "priya@example.com", "sam@example.com"]
    remarks = [p["params"]["text"] for p in posts if "emailed" in str(p["params"].get("text"))]
    assert remarks == ["The summary could not be emailed to gone@example.com"]


async def test_zooms_transcript_gives_real_speaker_names_and_an_expired_token_is_renewed(
    e2e_settings: Settings,
    fake_slack: FakeSlack,
    zoom: FakeZoom,
) -> None:
    slack = fake_slack
    slack_url = fake_slack.url
    settings = changed(e2e_settings, zoom_use_transcript=True)
    arrange_meeting(zoom, {"M4A": b"not used", "TRANSCRIPT": VTT.encode()})
    body = zoom.recording_event(UUID)
    assert await send_webhook(settings, slack_url, body) == 200
    zoom.expire_download_tokens()  # the job runs hours later: the event's token is stale

    await run_workers_in_burst(settings)

    (upload,) = slack.uploaded_files.values()
    text = upload["bytes"].decode()
    assert "[0:01] Priya Patel: We decided to move billing" in text
    assert "Sam Lee: I will draft the migration plan by Friday." in text
    recordings_api = [c for c in zoom.api_calls() if c.path.endswith("/recordings")]
    assert recordings_api, "a fresh download token was asked for"


@pytest.mark.skipif(ASSETS is None, reason="moonshine-voice is not installed")
async def test_participant_tracks_give_each_person_their_own_words(
    e2e_settings: Settings, fake_slack: FakeSlack, zoom: FakeZoom, tmp_path: Path
) -> None:
    tracks = {t.speaker: t.path.read_bytes() for t in close_talk_tracks(tmp_path)}
    zoom.add_recording(UUID, topic="Reading group", files={"M4A": b"mixed"}, tracks=tracks)
    assert await send_webhook(e2e_settings, fake_slack.url, zoom.recording_event(UUID)) == 200

    await run_workers_in_burst(e2e_settings)

    (upload,) = fake_slack.uploaded_files.values()
    lines = upload["bytes"].decode().splitlines()
    by_speaker = {
        name: " ".join(line.split(f"] {name}: ", 1)[1] for line in lines if f"] {name}: " in line)
        for name in ("Ana", "Ben", "Cleo")
    }
    assert "fail better" in by_speaker["Ana"].lower()
    assert "best of times" in by_speaker["Ben"].lower()
    assert "times" not in by_speaker["Ana"].lower()  # Ben's words leaked into Ana's microphone
    assert by_speaker["Cleo"] == ""  # nothing invented from what Cleo's microphone heard
