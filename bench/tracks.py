"""Per-participant tracks against the mixed recording, on the same meeting.

A meeting of three participants is built from real voices (the test voices of
tests/integrations/whisper/mixing.py): Ana and Ben take turns until `--minutes`, Cleo listens.
Each participant's headset track is their voice plus the others' at -20 dB over room noise;
the mixed recording is all the voices once. Both modes run through the same loaded model
(tiny.en, int8, 2 threads), over rounds; the figures are the tracks mode's time over the mixed
mode's, each speaker's word error rate in tracks mode, and the words found on the silent
participant's track (none should be).

    .venv/bin/python -m bench.tracks [--quick] [--minutes M] [--rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import jiwer
import numpy as np

from bench.common import load_average, quiet_logging, verdict, write_figures
from core.ports import SilentReporter, Track
from integrations.whisper.tracks import TrackTranscriber
from integrations.whisper.transcriber import WhisperTranscriber, load_whisper_model
from tests.integrations.whisper.mixing import VOICES, noise, silence, write_wav

CROSSTALK_DB = -20.0
SPEAKERS = ("Ana", "Ben", "Cleo")


def normalise(text: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def build(folder: Path, minutes: float) -> tuple[list[Track], Path, dict[str, str]]:
    """Turns of the three voices in order, with a second between, until `minutes`."""
    voices = [v.samples() for v in VOICES[:2]]
    gap = silence(1.0)
    own = {name: [] for name in SPEAKERS}  # type: dict[str, list[np.ndarray]]
    said = {name: [] for name in SPEAKERS}  # type: dict[str, list[str]]
    total, turn = 0, 0
    while total < minutes * 60 * 16_000:
        speaker = turn % 2
        for index, name in enumerate(SPEAKERS):
            own[name].append(
                voices[speaker] if index == speaker else np.zeros_like(voices[speaker])
            )
            own[name].append(np.zeros_like(gap))
        said[SPEAKERS[speaker]].append(VOICES[speaker].words)
        total += len(voices[speaker]) + len(gap)
        turn += 1
    signals = {name: np.concatenate(parts) for name, parts in own.items()}
    leak = 10 ** (CROSSTALK_DB / 20)
    tracks = []
    for number, (name, voice) in enumerate(signals.items()):
        others = sum(v for other, v in signals.items() if other != name)
        room = noise("pink", len(voice) / 16_000, -65.0, seed=number)[: len(voice)]
        tracks.append(Track(write_wav(folder / f"{name}.wav", voice + leak * others + room), name))
    mixed = sum(signals.values()) + noise("pink", total / 16_000, -65.0, seed=9)[:total]
    return tracks, write_wav(folder / "mixed.wav", mixed), {n: " ".join(w) for n, w in said.items()}


async def measure(minutes: float, rounds: int) -> dict[str, Any]:
    model = load_whisper_model("tiny.en", device="cpu", compute_type="int8", cpu_threads=2)
    transcriber = WhisperTranscriber(lambda: model)
    both = TrackTranscriber(transcriber)
    times: dict[str, list[float]] = {"tracks": [], "mixed": []}
    with tempfile.TemporaryDirectory() as folder:
        tracks, mixed, said = build(Path(folder), minutes)
        for _ in range(rounds):
            start = time.perf_counter()
            mixed_text = await transcriber.transcribe(
                mixed, language=None, progress=SilentReporter()
            )
            times["mixed"].append(time.perf_counter() - start)
            start = time.perf_counter()
            per_track = await both.transcribe_tracks(
                tracks, Path(folder), language=None, progress=SilentReporter()
            )
            times["tracks"].append(time.perf_counter() - start)
    found = {
        name: normalise(" ".join(s.text for s in per_track.segments if s.speaker == name))
        for name in SPEAKERS
    }
    wer = {name: round(jiwer.wer(said[name], found[name] or "-"), 3) for name in SPEAKERS[:2]}
    all_said = " ".join(said[n] for n in SPEAKERS)
    return {
        "minutes": minutes,
        "rounds": rounds,
        "mixed_s": round(statistics.median(times["mixed"]), 2),
        "tracks_s": round(statistics.median(times["tracks"]), 2),
        "ratio": round(statistics.median(times["tracks"]) / statistics.median(times["mixed"]), 2),
        "wer_per_speaker_tracks": wer,
        "words_on_the_silent_track": len(found["Cleo"].split()),
        "mixed_words_found": len(" ".join(s.text for s in mixed_text.segments).split()),
        "words_said": len(all_said.split()),
        "load_average": load_average(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a 1-minute meeting, one round")
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    quiet_logging()
    minutes, rounds = (1.0, 1) if args.quick else (args.minutes, args.rounds)
    figures = asyncio.run(measure(minutes, rounds))
    print(
        f"meeting of {minutes:g} minutes, 3 participants, {rounds} rounds (median), "
        f"load {figures['load_average']}"
    )
    print(f"  mixed recording     {figures['mixed_s']:>7.2f} s")
    print(
        f"  participant tracks  {figures['tracks_s']:>7.2f} s  ({figures['ratio']:.2f}x the mixed)"
    )
    print(f"  word error rate per speaker (tracks mode): {figures['wer_per_speaker_tracks']}")
    invented = figures["words_on_the_silent_track"]
    print(f"  words invented on the silent participant's track: {invented}")
    ok = all(w <= 0.2 for w in figures["wer_per_speaker_tracks"].values())
    ok = ok and figures["words_on_the_silent_track"] == 0
    print(f"  each speaker's words found (WER <= 0.2), none on the silent track: {verdict(ok)}")
    write_figures("tracks", {**figures, "pass": ok})


if __name__ == "__main__":
    main()
