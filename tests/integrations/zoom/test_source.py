"""Which file of a Zoom recording Scribe fetches."""

from __future__ import annotations

from typing import Any

import pytest

from core.errors import BadRequest, Transient
from integrations.zoom.source import TRANSCRIPT_WAIT_S, file_name, pick_file
from integrations.zoom.webhook import ZoomFile, ZoomRecording


def zoom_file(file_type: str, **extra: Any) -> ZoomFile:
    values = {
        "id": file_type.lower(),
        "file_type": file_type,
        "file_extension": file_type,
        "download_url": f"https://zoom.us/rec/download/{file_type.lower()}",
        "status": "completed",
        **extra,
    }
    return ZoomFile.model_validate(values)


def recording(*files: ZoomFile) -> ZoomRecording:
    return ZoomRecording(uuid="u", recording_files=files)


VIDEO = zoom_file("MP4", recording_type="shared_screen_with_speaker_view")
AUDIO = zoom_file("M4A", recording_type="audio_only")
TRANSCRIPT = zoom_file("TRANSCRIPT", file_extension="VTT", recording_type="audio_transcript")
CHAT = zoom_file("CHAT", file_extension="TXT", recording_type="chat_file")


def test_audio_only_is_preferred_to_the_video() -> None:
    assert pick_file(recording(VIDEO, CHAT, AUDIO), use_transcript=False, waited_s=0) == AUDIO
    assert pick_file(recording(VIDEO, CHAT), use_transcript=False, waited_s=0) == VIDEO
    assert file_name(AUDIO) == "zoom-audio_only.m4a"
    assert file_name(TRANSCRIPT) == "zoom-audio_transcript.vtt"


def test_zooms_transcript_is_used_when_asked_for_and_there() -> None:
    meeting = recording(VIDEO, AUDIO, TRANSCRIPT)
    assert pick_file(meeting, use_transcript=True, waited_s=0) == TRANSCRIPT
    assert pick_file(meeting, use_transcript=False, waited_s=0) == AUDIO


def test_a_missing_transcript_is_waited_for_then_the_audio_is_transcribed() -> None:
    meeting = recording(VIDEO, AUDIO)
    with pytest.raises(Transient, match="waiting for Zoom's transcript") as waiting:
        pick_file(meeting, use_transcript=True, waited_s=60)
    assert waiting.value.retry_after_s is not None
    assert pick_file(meeting, use_transcript=True, waited_s=TRANSCRIPT_WAIT_S + 1) == AUDIO


def test_files_still_processing_are_waited_for() -> None:
    processing = zoom_file("M4A", recording_type="audio_only", status="processing")
    with pytest.raises(Transient, match="still processing"):
        pick_file(recording(VIDEO, processing), use_transcript=False, waited_s=0)


def test_a_recording_without_audio_or_video_is_refused() -> None:
    with pytest.raises(BadRequest, match="no audio or video"):
        pick_file(recording(CHAT), use_transcript=False, waited_s=0)
