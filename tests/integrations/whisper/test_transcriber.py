"""The real bundled tiny.en model on real audio: no speech lost, none invented."""

from __future__ import annotations

import re
import wave
from pathlib import Path
from typing import Any

import pytest

from core.domain import Transcript
from core.ports import SilentReporter
from integrations.whisper.transcriber import WhisperTranscriber
from tests.conftest import DATA, SAMPLES


def words(transcript: Transcript) -> list[str]:
    text = " ".join(s.text for s in transcript.segments).lower()
    return re.findall(r"[a-z0-9']+", text)


@pytest.fixture
def transcriber(whisper_model: Any) -> WhisperTranscriber:
    return WhisperTranscriber(lambda: whisper_model)


class Recorder(SilentReporter):
    def __init__(self) -> None:
        self.positions: list[tuple[float, float]] = []

    def advance(self, done_seconds: float, total_seconds: float) -> None:
        self.positions.append((done_seconds, total_seconds))


async def test_speech_is_transcribed_word_for_word(transcriber: WhisperTranscriber) -> None:
    transcript = await transcriber.transcribe(
        DATA / "speech_short.wav", language=None, progress=SilentReporter()
    )
    assert (
        words(transcript)
        == "the quarterly budget review is scheduled for thursday afternoon".split()
    )
    assert transcript.language == "en"
    assert transcript.duration_seconds == pytest.approx(4.29, abs=0.05)


async def test_first_words_after_long_room_noise_are_kept(transcriber: WhisperTranscriber) -> None:
    transcript = await transcriber.transcribe(
        DATA / "noise_then_speech.ogg", language="en", progress=SilentReporter()
    )
    heard = words(transcript)
    assert heard[:3] == ["alpha", "bravo", "charlie"]
    assert {"budget", "approved", "launch", "march"} <= set(heard)
    assert transcript.segments[0].start >= 18.5  # nothing invented in the noise before it


async def test_room_noise_alone_gives_no_words(transcriber: WhisperTranscriber) -> None:
    transcript = await transcriber.transcribe(
        DATA / "room_noise_only.ogg", language=None, progress=SilentReporter()
    )
    assert transcript.segments == ()
    assert transcript.is_empty


async def test_digital_silence_does_not_become_you(
    transcriber: WhisperTranscriber, tmp_path: Path
) -> None:
    silence = tmp_path / "silence.wav"
    with wave.open(str(silence), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16_000)
        out.writeframes(b"\0\0" * 16_000 * 40)
    transcript = await transcriber.transcribe(silence, language=None, progress=SilentReporter())
    assert transcript.segments == ()
    assert transcript.duration_seconds == pytest.approx(40.0, abs=0.1)


async def test_a_recording_cut_into_windows_keeps_every_part_in_order(whisper_model: Any) -> None:
    windowed = WhisperTranscriber(lambda: whisper_model, window_seconds=20.0)
    progress = Recorder()
    transcript = await windowed.transcribe(
        SAMPLES / "standup.ogg", language=None, progress=progress
    )
    heard = " ".join(words(transcript))
    for phrase in (
        "good morning everyone",
        "cost analysis",
        "login bug",
        "revised budget",
        "old mobile app",
        "see you tomorrow",
    ):
        assert phrase in heard
    starts = [s.start for s in transcript.segments]
    assert starts == sorted(starts)
    assert transcript.segments[-1].end <= transcript.duration_seconds + 0.5
    assert progress.positions[-1][0] == pytest.approx(progress.positions[-1][1], abs=0.5)
    done = [p for p, _ in progress.positions]
    assert done == sorted(done)
