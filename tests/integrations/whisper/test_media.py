from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.errors import BadRequest
from integrations.whisper.media import SAMPLE_RATE, PyAVInspector, audio_windows, decode_audio
from tests.conftest import DATA, SAMPLES


@pytest.mark.parametrize(
    "name,message",
    [
        ("missing.wav", "no such file"),
        ("empty.wav", "is empty"),
        ("not_media.wav", "is not a media file"),
        ("truncated.m4a", "not a media file"),  # its index (moov atom) was cut off
        ("truncated.mp3", "truncated or corrupt: only 2 s of 4 s"),
    ],
)
def test_unusable_files_are_refused(name: str, message: str) -> None:
    with pytest.raises(BadRequest, match=message):
        PyAVInspector().inspect(DATA / name)


def test_text_file_is_not_media(tmp_path: Path) -> None:
    path = tmp_path / "notes.mp3"
    path.write_text("[section]\nkey = 1\n" * 50)
    with pytest.raises(BadRequest, match="is not"):
        PyAVInspector().inspect(path)


def test_ogg_cut_short_is_refused(tmp_path: Path) -> None:
    whole = (SAMPLES / "standup.ogg").read_bytes()
    cut = tmp_path / "cut.ogg"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(BadRequest, match="truncated"):
        PyAVInspector().inspect(cut)


def test_good_media_reports_its_duration() -> None:
    assert PyAVInspector().inspect(SAMPLES / "standup.ogg") == pytest.approx(75.7, abs=1.0)
    assert PyAVInspector().inspect(DATA / "speech_short.wav") > 3


def test_windows_cover_the_audio_once_in_order() -> None:
    whole = np.concatenate(list(decode_audio(SAMPLES / "standup.ogg")))
    windows = list(
        audio_windows(decode_audio(SAMPLES / "standup.ogg"), window_seconds=20, search_seconds=5)
    )
    assert len(windows) >= 3
    assert windows[0].offset_seconds == 0
    for before, after in zip(windows, windows[1:], strict=False):
        assert after.offset_seconds == pytest.approx(
            before.offset_seconds + len(before.samples) / SAMPLE_RATE
        )
    np.testing.assert_array_equal(np.concatenate([w.samples for w in windows]), whole)
    assert all(15 <= len(w.samples) / SAMPLE_RATE <= 25 for w in windows[:-1])
