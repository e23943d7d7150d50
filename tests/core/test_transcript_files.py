from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import BadRequest
from core.transcript_files import read_transcript_file

ZOOM_VTT = """WEBVTT

1
00:00:01.250 --> 00:00:04.000
Dana Whitfield: Welcome everyone, let's review the launch plan.

2
00:00:04.500 --> 00:00:09.100
Omar Haddad: The beta ships on the 3rd of June.

3
00:01:02.000 --> 00:01:05.500
Dana Whitfield: Great, then we are done.
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_zoom_vtt_keeps_speaker_names_and_times(tmp_path: Path) -> None:
    transcript = read_transcript_file(write(tmp_path, "meeting.vtt", ZOOM_VTT))
    assert [s.speaker for s in transcript.segments] == [
        "Dana Whitfield",
        "Omar Haddad",
        "Dana Whitfield",
    ]
    assert transcript.segments[1].text == "The beta ships on the 3rd of June."
    assert transcript.segments[0].start == 1.25
    assert transcript.segments[2].end == 65.5
    assert transcript.duration_seconds == 65.5


def test_vtt_voice_tags_name_the_speaker(tmp_path: Path) -> None:
    text = (
        "WEBVTT\n\n00:00.000 --> 00:02.000\n<v Ana>Hello <b>there</b></v>\n\n"
        "00:02.000 --> 00:04.000\n<v Ben>Hi Ana</v>\n\n00:04.000 --> 00:05.000\n<v Ana>Bye</v>\n"
    )
    segments = read_transcript_file(write(tmp_path, "a.vtt", text)).segments
    assert [(s.speaker, s.text) for s in segments] == [
        ("Ana", "Hello there"),
        ("Ben", "Hi Ana"),
        ("Ana", "Bye"),
    ]


def test_srt_is_read_with_comma_milliseconds(tmp_path: Path) -> None:
    text = (
        "1\n00:00:00,500 --> 00:00:02,000\nFirst line\n\n2\n00:00:02,500 --> 00:00:04,250\nSecond\n"
    )
    segments = read_transcript_file(write(tmp_path, "a.srt", text)).segments
    assert [(s.start, s.end, s.text) for s in segments] == [
        (0.5, 2.0, "First line"),
        (2.5, 4.25, "Second"),
    ]


def test_plain_text_with_timestamps_and_speakers(tmp_path: Path) -> None:
    text = "[00:00:05] Ana: We ship Friday.\n[00:01:10] Ben: Agreed.\nAna: Good, thanks.\n"
    segments = read_transcript_file(write(tmp_path, "notes.txt", text)).segments
    assert [(s.start, s.speaker) for s in segments] == [(5.0, "Ana"), (70.0, "Ben"), (71.0, "Ana")]


def test_plain_text_without_times_gets_increasing_estimates(tmp_path: Path) -> None:
    text = "We looked at the budget for the next quarter.\n\nThen we talked about hiring.\n"
    segments = read_transcript_file(write(tmp_path, "notes.txt", text)).segments
    assert segments[0].start == 0.0
    assert segments[0].end <= segments[1].start
    assert all(s.speaker is None for s in segments)


def test_a_colon_phrase_used_once_is_not_a_speaker(tmp_path: Path) -> None:
    text = "Ana: Hello.\nBen: Hi.\nAction item: Ben sends the deck.\nAna: Thanks.\nBen: Bye.\n"
    segments = read_transcript_file(write(tmp_path, "t.txt", text)).segments
    assert segments[2].speaker is None
    assert segments[2].text == "Action item: Ben sends the deck."


@pytest.mark.parametrize("name,text", [("a.vtt", "WEBVTT\n\n"), ("a.txt", "  \n\n"), ("a.srt", "")])
def test_transcript_without_text_is_refused(tmp_path: Path, name: str, text: str) -> None:
    with pytest.raises(BadRequest, match="contains no transcript text"):
        read_transcript_file(write(tmp_path, name, text))


def test_binary_file_with_transcript_extension_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.vtt"
    path.write_bytes(b"\xff\xfe\x00\x81garbage")
    with pytest.raises(BadRequest, match="not a UTF-8 text transcript"):
        read_transcript_file(path)
