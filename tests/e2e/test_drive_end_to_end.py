"""From a file dropped in the watched Drive folder to the summary in Slack and the mail in its
owner's inbox: the channel opened as `scribe drive watch` opens it, Drive's notification sent
to the real receiver, the real Drive worker reading the change list (burst mode), the real
recordings worker with the real Whisper model, real Redis, a loopback Drive (the service
account's JWT grant, changes, files.get_media in chunks), a loopback Slack and a real SMTP
server."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AsyncExitStack
from pathlib import Path

import pytest

from core.settings import Settings
from integrations.wiring.drive import build_drive_watch
from tests.bot.conftest import SIGNING_SECRET, running_receiver
from tests.conftest import DATA, changed
from tests.fakes.drive_api import (
    GOOGLE_DOC,
    SERVICE_ACCOUNT,
    FakeDrive,
    drive_headers,
)
from tests.fakes.slack_api import FakeSlack
from tests.fakes.smtp import Mailbox
from tests.integrations.drive.support import CHANNEL, FOLDER, drive_values
from tests.support.workers import run_workers_in_burst
from worker.settings import create_drive_worker

MEET_EXPORT = """Billing sync (2026-11-30 10:02 GMT) - Transcript
Attendees
Priya Patel, Sam Lee
Transcript
00:00:00

Priya Patel: We decided to move billing to the new provider in May.
Sam Lee: I will draft the migration plan by Friday.
00:05:12

Priya Patel: Then we review it together next Monday.
Transcription ended after 00:06:40

This editable transcript was computer generated and might contain errors.
"""


@pytest.fixture
def e2e_settings(
    make_settings: Callable[..., Settings],
    redis_url: str,
    fake_slack: FakeSlack,
    drive_and_key: tuple[FakeDrive, Path],
    mailbox: tuple[Mailbox, int],
) -> Settings:
    fake, key = drive_and_key
    settings: Settings = make_settings(
        **drive_values(fake, key, redis_url=redis_url, slack_url=fake_slack.url),
        smtp_host="127.0.0.1",
        smtp_port=mailbox[1],
        smtp_starttls=False,
        email_from="scribe@example.com",
        email_allowed_domains="example.com",
    )
    return settings


async def open_channel(settings: Settings, drive: FakeDrive) -> dict[str, str]:
    """What `scribe drive watch` does; Drive's record of the channel (with its token)."""
    async with AsyncExitStack() as closers:
        channel = await build_drive_watch(settings, closers=closers).watcher.watch()
    return drive.channels[channel.id]


async def notify(settings: Settings, slack_url: str, channel: dict[str, str], n: int) -> int:
    async with running_receiver(settings, slack_url) as receiver:
        response = await receiver.client.post(
            "/webhooks/drive", headers=drive_headers(channel, number=n)
        )
        return response.status_code


async def run_drive_worker(settings: Settings) -> None:
    worker = create_drive_worker(settings, burst=True, handle_signals=False)
    try:
        await worker.main()
    finally:
        await worker.close()


async def test_a_recording_dropped_in_the_folder_is_summarized_in_slack_and_mailed(
    e2e_settings: Settings,
    drive: FakeDrive,
    fake_slack: FakeSlack,
    mailbox: tuple[Mailbox, int],
) -> None:
    channel = await open_channel(e2e_settings, drive)
    audio = (DATA / "speech_short.wav").read_bytes()
    drive.add_file("Standup.wav", parents=[FOLDER], content=audio, owner="owner@example.com")
    drive.add_file("notes.pdf", parents=[FOLDER], content=b"%PDF", mime_type="application/pdf")

    assert await notify(e2e_settings, fake_slack.url, channel, 2) == 200
    await run_drive_worker(e2e_settings)
    await run_workers_in_burst(e2e_settings)

    posts = fake_slack.calls_to("chat.postMessage")
    assert [p["params"]["channel"] for p in posts][:1] == [CHANNEL]
    summaries = [
        c["params"] for c in fake_slack.calls_to("chat.update") if c["params"].get("blocks")
    ]
    assert len(summaries) == 1
    assert "Standup" in json.dumps(summaries[0]["blocks"])
    (upload,) = fake_slack.uploaded_files.values()
    assert upload["thread_ts"] == summaries[0]["ts"]
    media = [c for c in drive.api_calls() if c.query.get("alt") == "media"]
    assert media and all(c.status == 206 for c in media)  # ranged chunks, as get_media asks
    box, _ = mailbox
    assert box.recipients() == ["owner@example.com"]


async def test_a_meet_transcript_doc_keeps_its_speakers_and_times(
    e2e_settings: Settings,
    drive: FakeDrive,
    fake_slack: FakeSlack,
    mailbox: tuple[Mailbox, int],
) -> None:
    channel = await open_channel(e2e_settings, drive)
    drive.add_file(
        "Billing sync (2026-11-30 10:02 GMT) - Transcript",
        parents=[FOLDER],
        content=MEET_EXPORT.encode(),
        mime_type=GOOGLE_DOC,
        owner="priya@example.com",
    )

    assert await notify(e2e_settings, fake_slack.url, channel, 2) == 200
    await run_drive_worker(e2e_settings)
    await run_workers_in_burst(e2e_settings)

    (upload,) = fake_slack.uploaded_files.values()
    lines = upload["bytes"].decode().splitlines()
    assert "[0:00] Priya Patel: We decided to move billing to the new provider in May." in lines
    assert any(line.startswith("[5:12] Priya Patel: Then we review it") for line in lines)
    assert any("Sam Lee: I will draft the migration plan by Friday." in line for line in lines)
    text = "\n".join(lines)
    assert "Attendees" not in text and "computer generated" not in text
    exports = drive.api_calls("/export")
    assert [c.query.get("mimeType") for c in exports] == ["text/plain"]
    assert mailbox[0].recipients() == ["priya@example.com"]  # the transcript's owner


async def test_scribe_with_a_drive_link_summarizes_it_or_says_whom_to_share_it_with(
    e2e_settings: Settings, drive: FakeDrive, fake_slack: FakeSlack
) -> None:
    settings = changed(e2e_settings, slack_signing_secret=SIGNING_SECRET)
    readable = drive.add_file(
        "Retro.wav", parents=["anywhere"], content=(DATA / "speech_short.wav").read_bytes()
    )
    private = drive.add_file("Private.wav", parents=["mine"], content=b"RIFF", shared=False)
    async with running_receiver(settings, fake_slack.url) as receiver:
        for file_id in (readable, private):
            answer = await receiver.command(f"https://drive.google.com/file/d/{file_id}/view")
            assert answer.status_code == 200
        await receiver.settle()

    await run_workers_in_burst(settings)

    texts = [str(c["params"].get("text")) for c in fake_slack.calls_to("chat.update")]
    blocks = [json.dumps(c["params"]["blocks"]) for c in fake_slack.calls_to("chat.update")
              if c["params"].get("blocks")]  # fmt: skip
    assert any("Retro" in b for b in blocks)
    assert any(f"share it with {SERVICE_ACCOUNT}" in t for t in texts + blocks)


async def test_an_owner_outside_the_allowed_domains_gets_no_mail(
    e2e_settings: Settings,
    drive: FakeDrive,
    fake_slack: FakeSlack,
    mailbox: tuple[Mailbox, int],
) -> None:
    channel = await open_channel(e2e_settings, drive)
    drive.add_file(
        "Vendor call.vtt",
        parents=[FOLDER],
        content=b"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nAna: We sign on Monday.\n",
        mime_type="text/vtt",
        owner="someone@elsewhere.org",
    )

    assert await notify(e2e_settings, fake_slack.url, channel, 2) == 200
    await run_drive_worker(e2e_settings)
    await run_workers_in_burst(e2e_settings)

    assert len(fake_slack.uploaded_files) == 1  # summarized and posted
    box, _ = mailbox
    assert box.recipients() == []
