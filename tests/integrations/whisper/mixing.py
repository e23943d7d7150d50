"""Test recordings built at run time: real voices after silence, room noise and tones.

Real voices come from the `moonshine-voice` package (a test dependency): its demo clips are
recordings of people, one reading Beckett, one reading the opening of Dickens' A Tale of Two
Cities, and two voices saying lines of Beckett's Endgame (Nagg and Nell). Nothing here is
committed audio: every case is made from those clips with numpy, with a fixed seed, so a
failure can be reproduced.
"""

from __future__ import annotations

import importlib.util
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from integrations.whisper.media import SAMPLE_RATE, decode_audio

# Speech level of every voice, RMS over the span (a normal recording level).
SPEECH_DBFS = -26.0


def _assets() -> Path | None:
    # find_spec locates the package without importing it (its __init__ loads a native library
    # and sounddevice, which the tests do not need).
    spec = importlib.util.find_spec("moonshine_voice")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "assets"


ASSETS = _assets()


@dataclass(frozen=True, slots=True)
class Voice:
    """A span of a real recording and the words said in it."""

    name: str
    file: str
    start: float
    end: float
    words: str

    def samples(self) -> np.ndarray:
        if ASSETS is None:
            raise LookupError("moonshine-voice is not installed (pip install -e '.[test]')")
        audio = np.concatenate(list(decode_audio(ASSETS / self.file)))
        span = audio[int(self.start * SAMPLE_RATE) : int(self.end * SAMPLE_RATE)]
        # The clips were recorded at levels 20 dB apart; the same speaking level for all makes
        # a noise level mean the same signal-to-noise ratio for every voice.
        return _at_level(span, SPEECH_DBFS)


# Spans cut in pauses (found from the level, 50 ms at a time), so no word is cut in half. The
# words are the published text of the two readings, and for the Endgame lines the words
# tiny.en writes on the clean clip (a question and its answer, said twice).
VOICES = (
    Voice(
        "beckett_reader",
        "beckett.wav",
        0.0,
        10.0,
        "ever tried ever failed no matter try again fail again fail better",
    ),
    Voice(
        "dickens_reader",
        "two_cities.wav",
        0.0,
        13.1,
        "it was the best of times it was the worst of times it was the age of wisdom "
        "it was the age of foolishness it was the epoch of belief it was the epoch of "
        "incredulity",
    ),
    Voice(
        "endgame_nagg_and_nell",
        "endgame_nagg_nell.wav",
        0.0,
        4.5,
        "do you hear me yes do you hear me yes",
    ),
)


# The whole of the Dickens clip: 42 s read without a 2-s pause, so the VAD cuts it into a
# 30-s chunk and the rest, and the first chunk's text repeats itself by design ("it was the
# ... of ...") enough to look like a loop when judged as one block.
DICKENS_WHOLE = Voice(
    "dickens_reader_whole",
    "two_cities.wav",
    0.0,
    44.4,
    "it was the best of times it was the worst of times it was the age of wisdom it was the "
    "age of foolishness it was the epoch of belief it was the epoch of incredulity it was the "
    "season of light it was the season of darkness it was the spring of hope it was the winter "
    "of despair we had everything before us we had nothing before us we were all going direct "
    "to heaven we were all going direct the other way in short the period was so far like the "
    "present period that some of its noisiest authorities insisted on its being received for "
    "good or for evil in the superlative degree of comparison only",
)


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * SAMPLE_RATE), dtype=np.float32)


def noise(kind: str, seconds: float, dbfs: float, *, seed: int = 0) -> np.ndarray:
    """Brown (1/f^2), pink (1/f) or white noise at `dbfs` RMS, like a room, fan or line hiss."""
    rng = np.random.default_rng(seed)
    n = int(seconds * SAMPLE_RATE)
    spectrum = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1 / SAMPLE_RATE)
    freqs[0] = freqs[1]
    power = {"white": 0.0, "pink": 1.0, "brown": 2.0}[kind]
    shaped = np.fft.irfft(spectrum / freqs ** (power / 2), n)
    shaped -= shaped.mean()
    return _at_level(shaped, dbfs)


def tone(seconds: float, dbfs: float, *freqs: float) -> np.ndarray:
    """A steady tone (a dial tone is 350 + 440 Hz), with 10 ms fades so it does not click."""
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    wave_ = sum(np.sin(2 * np.pi * f * t) for f in freqs)
    fade = np.minimum(1.0, np.minimum(t, t[::-1]) / 0.01)
    return _at_level(np.asarray(wave_) * fade, dbfs)


def _at_level(samples: np.ndarray, dbfs: float) -> np.ndarray:
    rms = float(np.sqrt(np.mean(np.square(samples)))) or 1.0
    return (samples * (10 ** (dbfs / 20) / rms)).astype(np.float32)


def over_bed(speech: np.ndarray, bed: np.ndarray | None) -> np.ndarray:
    """Speech with the room's noise going on under it (the bed is repeated as needed)."""
    if bed is None or not len(bed):
        return speech
    repeats = int(np.ceil(len(speech) / len(bed)))
    return (speech + np.tile(bed, repeats)[: len(speech)]).astype(np.float32)


def write_wav(path: Path, samples: np.ndarray) -> Path:
    """16 kHz mono 16-bit WAV, clipped like a real recorder would."""
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(pcm.tobytes())
    return path
