from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, cast

import pytest

from core.domain import JobRequest, Source
from core.errors import BadRequest
from core.pipeline import transcribe_source
from core.ports import Fetched, PipelineDeps, SilentReporter
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


# Hostile files: each took the old parser seconds to minutes (one backtracking scan of the rest
# of the text per "<" or digit); they must parse to what they say, in one pass.
CUE = "WEBVTT\n\n00:00.000 --> 00:05.000\n"
HOSTILE = [
    # 280 KB: one cue of 70,000 unclosed voice tags (took 108 s)
    ("voice.vtt", CUE + "<v x" * 70_000 + "\n", None, "<v x" * 70_000),
    ("angles.vtt", CUE + "<" * 280_000 + "\n", None, "<" * 280_000),
    ("digits.vtt", CUE + "hi\n\n" + "1" * 280_000 + " -->\n", None, "hi"),
    ("digits.txt", "1" * 280_000 + "\n", None, "1" * 280_000),
    ("spaces.txt", "Ana: " + " " * 280_000 + "hello\n", "Ana", "hello"),
]


@pytest.mark.parametrize(("name", "text", "speaker", "words"), HOSTILE)
def test_hostile_files_parse_to_what_they_say(
    tmp_path: Path, name: str, text: str, speaker: str | None, words: str
) -> None:
    (segment,) = read_transcript_file(write(tmp_path, name, text)).segments
    assert (segment.speaker, segment.text) == (speaker, words)


def test_closed_voice_tags_by_the_thousand_still_name_the_speaker(tmp_path: Path) -> None:
    cue = "<v Ana>" + "<b>word</b> " * 20_000 + "</v>"
    text = f"WEBVTT\n\n00:00.000 --> 00:05.000\n{cue}\n\n00:05.000 --> 00:06.000\n<v Ana>Bye\n"
    segments = read_transcript_file(write(tmp_path, "a.vtt", text)).segments
    assert [s.speaker for s in segments] == ["Ana", "Ana"]
    assert segments[0].text.split() == ["word"] * 20_000


def test_a_transcript_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "big.vtt", ZOOM_VTT + "x" * 4096)
    with pytest.raises(BadRequest, match="big.vtt is 4 KB; transcripts over 1 KB are refused"):
        read_transcript_file(path, max_bytes=1024)
    assert read_transcript_file(path).segments  # under the default limit


class _Ready:
    """Fetches a transcript file that is a named pipe: reading it waits for its writer."""

    def __init__(self, path: Path) -> None:
        self.path = path

    async def fetch(self, source: Source, workdir: Path) -> Fetched:
        return Fetched(path=self.path, title="t")


@contextlib.asynccontextmanager
async def _workdir() -> AsyncIterator[Path]:
    yield Path(".")


async def test_the_pipeline_reads_a_transcript_file_off_the_event_loop(tmp_path: Path) -> None:
    """The file is a pipe whose writer holds back until the event loop has run while the file
    is being read: on the loop itself the read would block the loop (and the writer would give
    up waiting after 10 s, failing the test)."""
    pipe = tmp_path / "meeting.vtt"
    os.mkfifo(pipe)
    loop_ran = threading.Event()
    reading = threading.Event()

    def writer() -> None:
        with pipe.open("w") as out:  # returns once the reader has opened the pipe
            reading.set()
            loop_ran.wait(timeout=10)
            out.write(ZOOM_VTT)

    async def heartbeat() -> None:
        while not reading.is_set():
            await asyncio.sleep(0.001)
        loop_ran.set()

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    deps = PipelineDeps(
        fetchers={"file": _Ready(pipe)},
        inspector=cast(Any, None),
        transcriber=cast(Any, None),
        summarizer=cast(Any, None),
        workdir=_workdir,
    )
    request = JobRequest(source=Source(kind="file", ref=str(pipe)))
    beat = asyncio.create_task(heartbeat())
    transcript, _ = await transcribe_source(request, deps, SilentReporter())
    thread.join()
    assert beat.done() and loop_ran.is_set()
    assert transcript.segments[1].speaker == "Omar Haddad"
