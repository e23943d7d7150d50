"""What the benchmarks share: test recordings built by repetition, the reference text, word
error rate, timing statistics, a clean environment for `scribe` subprocesses, and the JSON
figures each benchmark leaves in bench/out/."""

from __future__ import annotations

import fcntl
import json
import os
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av
import jiwer
import numpy as np

from core.log import configure_logging
from integrations.whisper.media import SAMPLE_RATE, decode_audio

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
STANDUP_AUDIO = SAMPLES / "standup.ogg"
STANDUP_SCRIPT = SAMPLES / "standup.txt"
OUT = ROOT / "bench" / "out"
# Built recordings are cached here (git-ignored with the rest of bench/out/): a 60-minute
# file takes a while to encode and is the same on every run.
MEDIA_CACHE = OUT / "media"
PYTHON = sys.executable
# A database of its own, so a benchmark never touches the data of tests or of a developer.
BENCH_REDIS_URL = os.environ.get("SCRIBE_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
GAP_SECONDS = 1.0
# The settings every measurement shares, so Scribe and plain faster-whisper run the same model
# the same way on this machine.
WHISPER_ENV = {
    "SCRIBE_WHISPER_MODEL": "tiny.en",
    "SCRIBE_WHISPER_DEVICE": "cpu",
    "SCRIBE_WHISPER_COMPUTE_TYPE": "int8",
    "SCRIBE_WHISPER_CPU_THREADS": "2",
}
_OUR_PREFIXES = ("SCRIBE_", "SLACK_", "OPENAI_", "ZOOM_", "GOOGLE_APPLICATION")


# --------------------------------------------------------------------------- recordings


@dataclass(frozen=True, slots=True)
class Recording:
    path: Path
    seconds: float
    reference: str  # the words spoken, for the word error rate
    repeats: int


def standup_text() -> str:
    """The spoken words of the sample standup: its script without the "Name: " prefixes."""
    lines = STANDUP_SCRIPT.read_text(encoding="utf-8").splitlines()
    return " ".join(line.split(":", 1)[1].strip() for line in lines if ":" in line)


def standup_samples() -> np.ndarray:
    # The project's own decoder, so the benchmark audio is exactly what Scribe would see.
    return np.concatenate(list(decode_audio(STANDUP_AUDIO)))


def build_recording(minutes: float) -> Recording:
    """A recording of at least `minutes`, made of the standup repeated with short gaps and
    encoded as Ogg/Opus (small, like a real meeting export; decoding it is part of the work)."""
    one = standup_samples()
    gap = np.zeros(int(GAP_SECONDS * SAMPLE_RATE), dtype=np.float32)
    period = (len(one) + len(gap)) / SAMPLE_RATE
    repeats = max(1, int(np.ceil(minutes * 60 / period)))
    path = MEDIA_CACHE / f"standup_x{repeats}.ogg"
    if not path.exists():
        MEDIA_CACHE.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part.ogg")
        _encode_opus(partial, (one, gap), repeats)
        partial.replace(path)  # only a complete file is ever reused
    seconds = repeats * period - GAP_SECONDS
    reference = " ".join([standup_text()] * repeats)
    return Recording(path=path, seconds=seconds, reference=reference, repeats=repeats)


def _encode_opus(path: Path, pieces: tuple[np.ndarray, np.ndarray], repeats: int) -> None:
    one, gap = pieces
    with av.open(str(path), "w", format="ogg") as container:
        stream = container.add_stream("libopus", rate=SAMPLE_RATE, layout="mono")
        stream.bit_rate = 32_000
        fifo = av.AudioFifo()
        frame_size = stream.codec_context.frame_size or 320
        for index in range(repeats):
            samples = one if index == repeats - 1 else np.concatenate([one, gap])
            frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="flt", layout="mono")
            frame.sample_rate = SAMPLE_RATE
            fifo.write(frame)
            # libopus only takes frames of exactly its frame size; the FIFO cuts them.
            for chunk in fifo.read_many(frame_size):
                container.mux(stream.encode(chunk))
        rest = fifo.read()
        if rest is not None:
            container.mux(stream.encode(rest))
        container.mux(stream.encode(None))


# --------------------------------------------------------------------------- accuracy

# Spellings of the same spoken words: espeak says "fifteenth" where Whisper may write "15th",
# and "stand up" or "all right" are the script's words split in two.
_SPELLINGS = {"15th": "fifteenth", "15": "fifteen"}
_JOINED = {"stand up": "standup", "all right": "alright"}


def normalise(text: str) -> str:
    """Lowercase words without punctuation, with spelling variants made one, so the word
    error rate counts recognition errors only."""
    text = text.lower().replace("’", "'")
    text = re.sub(r"[^a-z0-9' ]+", " ", text)
    words = [_SPELLINGS.get(w, w) for w in text.split()]
    text = " ".join(w.strip("'") for w in words if w.strip("'"))
    for split, joined in _JOINED.items():
        text = re.sub(rf"\b{split}\b", joined, text)
    return text


def word_error_rate(reference: str, hypothesis: str) -> float:
    return float(jiwer.wer(normalise(reference), normalise(hypothesis)))


# --------------------------------------------------------------------------- timing


@dataclass(frozen=True, slots=True)
class Timings:
    runs: tuple[float, ...]

    @property
    def best(self) -> float:
        return min(self.runs)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    def as_dict(self) -> dict[str, Any]:
        return {
            "runs": [round(r, 3) for r in self.runs],
            "best": round(self.best, 3),
            "median": round(self.median, 3),
        }


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = work()
    return time.perf_counter() - start, value


def load_average() -> float:
    """The 1-minute load: other developers share this machine, so each report says how busy
    it was."""
    return round(os.getloadavg()[0], 2)


# --------------------------------------------------------------------------- processes


def scribe_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This environment without any Scribe, Slack or OpenAI settings of the developer (no
    OPENAI_API_KEY: the summary is the offline one), plus the shared Whisper settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_OUR_PREFIXES)}
    env.update(WHISPER_ENV)
    env["SCRIBE_LOG_LEVEL"] = "warning"
    env.update(extra or {})
    return env


@contextmanager
def clean_settings_env(extra: Mapping[str, str] | None = None) -> Iterator[None]:
    """The same environment for Settings read inside this process; restored afterwards."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(scribe_env(extra))
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def quiet_logging() -> None:
    """Scribe code run inside a benchmark logs only warnings, so the figures stay readable."""
    configure_logging(level="warning", fmt="console")


@contextmanager
def exclusive_bench_db() -> Iterator[None]:
    """One benchmark at a time on the bench Redis database: another run flushing it, or a
    worker taking the other run's jobs, would spoil both. Waits for the other run to end."""
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "redis.lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another benchmark using {BENCH_REDIS_URL}", flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield  # the lock goes with the file's closing


def write_figures(name: str, figures: Mapping[str, Any]) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return path


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"
