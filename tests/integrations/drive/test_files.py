"""Which Drive files are meetings, what tells their revisions apart, and how Meet's exported
transcripts are read: pure rules, and the fetcher's refusals before anything is downloaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.domain import Source
from core.errors import BadRequest
from core.settings import Settings
from core.transcript_files import read_transcript_file
from integrations.drive.files import FOLDER, GOOGLE_DOC, DriveFile, wanted
from integrations.drive.meet import meet_transcript_text
from integrations.drive.source import DriveFetcher
from integrations.wiring.drive import build_drive_fetcher
from tests.conftest import changed
from tests.fakes.drive_api import FakeDrive

MEET = """\ufeffWeekly sync (2026-11-30 10:02 GMT) - Transcript
Attendees
Ana Lima, Ben Ode
Transcript
00:00:00

Ana Lima: Shall we start with the budget?
Ben Ode: Yes, it is approved.
00:05:12

Ana Lima: Then we ship on Monday.
Transcription ended after 00:06:40

This editable transcript was computer generated and might contain errors. People can also \
change the text after it was created.
"""


def file(name: str, mime: str, **extra: object) -> DriveFile:
    return DriveFile.model_validate({"id": "f1", "name": name, "mimeType": mime,
                                     "parents": ["folder"], **extra})  # fmt: skip


@pytest.mark.parametrize(
    "name,mime,kind",
    [
        ("Standup.m4a", "audio/mp4", "media"),
        ("Call.mp4", "video/mp4", "media"),
        ("Notes.vtt", "text/vtt", "transcript"),
        ("Notes.srt", "application/octet-stream", "transcript"),
        ("Notes.txt", "text/plain", "transcript"),
        ("Weekly sync (2026-11-30 10:02 GMT) - Transcript", GOOGLE_DOC, "meet_transcript"),
        ("Project plan", GOOGLE_DOC, None),
        ("Recordings", FOLDER, None),
        ("Budget.pdf", "application/pdf", None),
        ("Sheet", "application/vnd.google-apps.spreadsheet", None),
    ],
)
def test_what_counts_as_a_meeting(name: str, mime: str, kind: str | None) -> None:
    assert file(name, mime).kind == kind


def test_trashed_files_and_files_elsewhere_are_not_wanted() -> None:
    assert wanted(file("A.wav", "audio/wav"), "folder")
    assert not wanted(file("A.wav", "audio/wav", trashed=True), "folder")
    assert not wanted(file("A.wav", "audio/wav"), "another-folder")


def test_revisions_come_from_the_content() -> None:
    same = file("A.wav", "audio/wav", md5Checksum="abc", version="3")
    renamed = file("B.wav", "audio/wav", md5Checksum="abc", version="4")
    doc = file("S - Transcript", GOOGLE_DOC, modifiedTime="2026-11-30T10:00:00Z", version="9")
    assert same.revision == renamed.revision == "md5-abc"
    assert doc.revision == "mod-2026-11-30T10:00:00Z"


def test_the_owner_or_in_a_shared_drive_the_last_editor_gets_the_mail() -> None:
    owned = file("A.wav", "audio/wav", owners=[{"emailAddress": "o@example.com"}])
    editor = {"emailAddress": "e@example.com", "displayName": "E"}
    shared_drive = file("A.wav", "audio/wav", driveId="d1", lastModifyingUser=editor)
    assert owned.owner is not None and owned.owner.email == "o@example.com"
    assert shared_drive.owner is not None and shared_drive.owner.email == "e@example.com"


def test_a_meet_transcript_keeps_its_speakers_and_times_and_drops_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "meet.txt"
    path.write_text(meet_transcript_text(MEET))

    segments = read_transcript_file(path).segments

    assert [(s.start, s.speaker, s.text) for s in segments] == [
        (0.0, "Ana Lima", "Shall we start with the budget?"),
        (segments[1].start, "Ben Ode", "Yes, it is approved."),
        (312.0, "Ana Lima", "Then we ship on Monday."),
    ]
    assert 0.0 < segments[1].start < 312.0


async def test_a_file_over_the_size_limit_is_refused_before_downloading(
    drive_settings: Settings, drive: FakeDrive, tmp_path: Path
) -> None:
    big = drive.add_file("Long.m4a", parents=["f"], content=b"x" * 5000, mime_type="audio/mp4")
    fetcher = build_drive_fetcher(changed(drive_settings, max_media_bytes=1000))

    with pytest.raises(BadRequest, match="SCRIBE_MAX_MEDIA_BYTES"):
        await fetcher.fetch(Source(kind="drive", ref=big), tmp_path)
    assert [c for c in drive.api_calls() if c.query.get("alt") == "media"] == []


async def test_a_link_to_something_that_is_not_a_meeting_is_refused(
    drive_settings: Settings, drive: FakeDrive, tmp_path: Path
) -> None:
    sheet = drive.add_file(
        "Budget", parents=["f"], mime_type="application/vnd.google-apps.spreadsheet"
    )
    fetcher: DriveFetcher = build_drive_fetcher(drive_settings)

    with pytest.raises(BadRequest, match="not a recording or a transcript"):
        await fetcher.fetch(Source(kind="drive", ref=sheet), tmp_path)
