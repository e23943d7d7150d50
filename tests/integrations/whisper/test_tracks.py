"""Per-participant tracks (Zoom's separate audio file of each participant) through the real
model: each participant's words under their name, none of the crosstalk that every
close-talk track carries, nothing invented on a participant who said nothing. The voices
are real recordings (tests/integrations/whisper/mixing.py); the tracks are built from them as
headset microphones would hear a meeting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jiwer
import pytest

from core.ports import SilentReporter, Track
from integrations.whisper.tracks import TrackTranscriber
from integrations.whisper.transcriber import WhisperTranscriber
from tests.integrations.whisper.mixing import ASSETS
from tests.support.meetings import ANA, BEN, close_talk_tracks

pytestmark = pytest.mark.skipif(ASSETS is None, reason="moonshine-voice is not installed")


def normalise(text: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def words_of(segments: Any, speaker: str) -> str:
    return normalise(" ".join(s.text for s in segments if s.speaker == speaker))


async def test_each_participants_words_come_under_their_name_and_crosstalk_is_dropped(
    tmp_path: Path, whisper_model: Any
) -> None:
    transcriber = TrackTranscriber(WhisperTranscriber(lambda: whisper_model))
    transcript = await transcriber.transcribe_tracks(
        close_talk_tracks(tmp_path), tmp_path, language=None, progress=SilentReporter()
    )
    segments = transcript.segments
    assert [s.start for s in segments] == sorted(s.start for s in segments)
    assert jiwer.wer(ANA.words, words_of(segments, "Ana")) <= 0.2
    assert jiwer.wer(BEN.words, words_of(segments, "Ben")) <= 0.2
    assert words_of(segments, "Cleo") == ""  # nothing invented from what Cleo's mic heard
    first_ben = min(s.start for s in segments if s.speaker == "Ben")
    assert max(s.end for s in segments if s.speaker == "Ana") <= first_ben + 0.5


async def test_tracks_that_start_late_keep_meeting_time(tmp_path: Path, whisper_model: Any) -> None:
    tracks = close_talk_tracks(tmp_path)
    late = [Track(t.path, t.speaker, offset_s=30.0) for t in tracks]
    transcriber = TrackTranscriber(WhisperTranscriber(lambda: whisper_model))
    transcript = await transcriber.transcribe_tracks(
        late, tmp_path, language=None, progress=SilentReporter()
    )
    assert min(s.start for s in transcript.segments) >= 30.0
    assert transcript.duration_seconds >= 30.0 + (ANA.end - ANA.start) + (BEN.end - BEN.start)
