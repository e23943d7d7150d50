"""Real-time factor of `scribe process` against a plain faster-whisper call.

The plain call is `WhisperModel.transcribe(path, beam_size=5, vad_filter=True)` with its other
defaults, on the same file, model (bundled tiny.en), compute type (int8) and threads (2).
Scribe is measured twice: as the whole `scribe process <file>` command in a subprocess (start-up,
model load, decode, transcribe, offline summary), and in this process with the model already
loaded (build_pipeline + run_pipeline), which separates start-up from the work.

Target: the whole of `scribe process` in at most 0.6 of the plain call's time, with a word
error rate no more than 2 points worse, in segments of a sentence or so: median segment length
at most 12 s. The median and longest segment, and the share of segments over 12 s, are printed
for every variant.

    .venv/bin/python -m bench.transcription [--quick] [--minutes M] [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import tempfile
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

from bench.common import (
    PYTHON,
    ROOT,
    Recording,
    Timings,
    build_recording,
    clean_settings_env,
    load_average,
    quiet_logging,
    scribe_env,
    timed,
    verdict,
    word_error_rate,
    write_figures,
)
from core.domain import JobRequest, MeetingResult
from core.links import classify_source
from core.pipeline import run_pipeline
from core.settings import load_settings
from integrations.whisper.transcriber import WhisperTranscriber, load_whisper_model
from integrations.wiring.pipeline import build_pipeline, build_transcriber
from scribe.progress_bar import TerminalProgressBar

TARGET_RATIO = 0.6
TARGET_WER_POINTS = 2.0
TARGET_MEDIAN_SEGMENT_S = 12.0

# Each variant's output: its text and the (start, end) of each of its segments.
Output = tuple[str, list[tuple[float, float]]]


def plain_transcribe(model: Any, path: Path) -> Output:
    """faster-whisper as its README shows it; the lazy generator is consumed so the work is
    really done inside the timed call."""
    segments, _info = model.transcribe(str(path), beam_size=5, vad_filter=True)
    done = list(segments)
    return " ".join(s.text.strip() for s in done), [(s.start, s.end) for s in done]


async def _scribe_in_process(transcriber: WhisperTranscriber, path: Path) -> MeetingResult:
    settings = load_settings()
    async with AsyncExitStack() as closers:
        deps = build_pipeline(settings, local_files=True, closers=closers, transcriber=transcriber)
        request = JobRequest(source=classify_source(str(path)))
        # What `scribe process` uses; disabled because the benchmark's stderr is no terminal.
        with TerminalProgressBar(enabled=False) as progress:
            return await run_pipeline(request, deps, progress)


def scribe_in_process(transcriber: WhisperTranscriber, path: Path) -> Output:
    result = asyncio.run(_scribe_in_process(transcriber, path))
    segments = result.transcript.segments
    return " ".join(s.text for s in segments), [(s.start, s.end) for s in segments]


def scribe_subprocess(path: Path, workdir: Path) -> Output:
    out = workdir / "result.json"
    subprocess.run(
        [PYTHON, "-m", "scribe", "process", str(path), "--json", str(out)],
        cwd=ROOT,
        env=scribe_env(),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    result = json.loads(out.read_text(encoding="utf-8"))
    segments = result["transcript"]["segments"]
    return " ".join(s["text"] for s in segments), [(s["start"], s["end"]) for s in segments]


def measure(recording: Recording, runs: int) -> dict[str, Any]:
    """Each round runs the three variants back to back, so a burst of load from other users
    of the machine hits all of them rather than one."""
    with clean_settings_env():
        plain_model = load_whisper_model(
            "tiny.en", device="cpu", compute_type="int8", cpu_threads=2
        )
        transcriber = build_transcriber(load_settings())
        transcriber.warm_up()  # model load is start-up, not work: measured by the subprocess
        times: dict[str, list[float]] = {
            "plain": [],
            "scribe_in_process": [],
            "scribe_subprocess": [],
        }
        outputs: dict[str, Output] = {}
        with tempfile.TemporaryDirectory(prefix="scribe-bench-") as tmp:
            for _ in range(runs):
                for name, work in (
                    ("plain", lambda: plain_transcribe(plain_model, recording.path)),
                    ("scribe_in_process", lambda: scribe_in_process(transcriber, recording.path)),
                    ("scribe_subprocess", lambda: scribe_subprocess(recording.path, Path(tmp))),
                ):
                    seconds, outputs[name] = timed(work)
                    times[name].append(seconds)
    return {name: _variant(recording, Timings(tuple(times[name])), outputs[name]) for name in times}


def _variant(recording: Recording, timings: Timings, output: Output) -> dict[str, Any]:
    text, spans = output
    return {
        "seconds": timings.as_dict(),
        "rtf_best": round(timings.best / recording.seconds, 4),
        "rtf_median": round(timings.median / recording.seconds, 4),
        "wer": round(word_error_rate(recording.reference, text), 4),
        "segments": segment_lengths(spans, recording.seconds),
    }


def segment_lengths(spans: list[tuple[float, float]], audio_seconds: float) -> dict[str, Any]:
    """How long the segments are, and whether each lies inside the audio, in order."""
    lengths = [end - start for start, end in spans] or [0.0]
    starts = [start for start, _ in spans]
    return {
        "count": len(spans),
        "median_s": round(statistics.median(lengths), 2),
        "max_s": round(max(lengths), 2),
        "share_over_12_s": round(sum(length > 12 for length in lengths) / len(lengths), 3),
        "inside_audio_in_order": starts == sorted(starts)
        and all(0 <= start <= end <= audio_seconds + 0.05 for start, end in spans),
    }


def compare(variants: dict[str, Any]) -> dict[str, Any]:
    plain = variants["plain"]
    verdicts: dict[str, Any] = {}
    for name in ("scribe_subprocess", "scribe_in_process"):
        mine = variants[name]
        ratio_best = mine["seconds"]["best"] / plain["seconds"]["best"]
        ratio_median = mine["seconds"]["median"] / plain["seconds"]["median"]
        wer_points = (mine["wer"] - plain["wer"]) * 100
        segments = mine["segments"]
        verdicts[name] = {
            "ratio_best": round(ratio_best, 3),
            "ratio_median": round(ratio_median, 3),
            "wer_delta_points": round(wer_points, 2),
            "median_segment_s": segments["median_s"],
            "pass": ratio_median <= TARGET_RATIO
            and wer_points <= TARGET_WER_POINTS
            and segments["median_s"] <= TARGET_MEDIAN_SEGMENT_S
            and segments["inside_audio_in_order"],
        }
    return verdicts


def report(recording: Recording, variants: dict[str, Any], verdicts: dict[str, Any]) -> None:
    print(
        f"recording: {recording.path.name}, {recording.seconds:.1f} s of audio "
        f"(standup x{recording.repeats}); load average {load_average()}"
    )
    print(
        f"{'variant':<20}{'best s':>9}{'median s':>10}{'RTF best':>10}{'RTF med':>9}{'WER':>8}"
        f"{'segs':>6}{'seg med':>9}{'seg max':>9}{'>12 s':>7}"
    )
    for name, v in variants.items():
        s, g = v["seconds"], v["segments"]
        print(
            f"{name:<20}{s['best']:>9.2f}{s['median']:>10.2f}{v['rtf_best']:>10.4f}"
            f"{v['rtf_median']:>9.4f}{v['wer'] * 100:>7.2f}%{g['count']:>6}"
            f"{g['median_s']:>8.1f}s{g['max_s']:>8.1f}s{g['share_over_12_s'] * 100:>6.0f}%"
        )
    for name, c in verdicts.items():
        inside = variants[name]["segments"]["inside_audio_in_order"]
        print(
            f"{name}/plain: ratio best {c['ratio_best']:.3f}, median {c['ratio_median']:.3f} "
            f"(target <= {TARGET_RATIO}); WER delta {c['wer_delta_points']:+.2f} points "
            f"(target <= +{TARGET_WER_POINTS:g}); median segment {c['median_segment_s']:.1f} s "
            f"(target <= {TARGET_MEDIAN_SEGMENT_S:g}), segments inside the audio and in order: "
            f"{'yes' if inside else 'NO'} -> {verdict(c['pass'])}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a shorter recording, one run")
    parser.add_argument("--minutes", type=float, help="length of the recording (default 3)")
    parser.add_argument("--runs", type=int, help="rounds of measurement (default 2)")
    args = parser.parse_args()
    quiet_logging()
    minutes = args.minutes or (1.5 if args.quick else 3.0)
    runs = args.runs or (1 if args.quick else 2)
    recording = build_recording(minutes)
    variants = measure(recording, runs)
    verdicts = compare(variants)
    report(recording, variants, verdicts)
    write_figures(
        "transcription",
        {
            "audio_seconds": round(recording.seconds, 2),
            "runs": runs,
            "load_average": load_average(),
            "variants": variants,
            "versus_plain": verdicts,
            # The target is about the whole command, i.e. the subprocess.
            "pass": verdicts["scribe_subprocess"]["pass"],
        },
    )


if __name__ == "__main__":
    main()
