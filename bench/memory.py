"""Peak memory (RSS) of `scribe process` for a short and a long recording.

Target: the 60-minute peak at most 1.3 times the 5-minute peak.

Each recording is processed by its own `scribe process <file>` subprocess, one at a time. The
peak is the kernel's own figure for that child (ru_maxrss from wait4), so it is exact and
nothing is missed between samples.

    .venv/bin/python -m bench.memory [--quick] [--short MIN] [--long MIN]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time
from dataclasses import dataclass
from typing import Any

from bench.common import (
    PYTHON,
    ROOT,
    Recording,
    build_recording,
    load_average,
    scribe_env,
    verdict,
    write_figures,
)

TARGET_RATIO = 1.3
# WhisperTranscriber decodes and transcribes audio in windows of this many seconds; a recording
# shorter than one window needs less memory than any longer one, whatever its length.
_WINDOW_SECONDS = 300.0


@dataclass(frozen=True, slots=True)
class Peak:
    recording: Recording
    rss_mib: float
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "audio_seconds": round(self.recording.seconds, 1),
            "file_mib": round(self.recording.path.stat().st_size / 2**20, 2),
            "peak_rss_mib": round(self.rss_mib, 1),
            "wall_seconds": round(self.seconds, 1),
        }


def peak_rss(recording: Recording) -> Peak:
    """Run `scribe process` on the recording and return the child's peak resident set."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [PYTHON, "-m", "scribe", "process", str(recording.path)],
        cwd=ROOT,
        env=scribe_env(),
        stdout=subprocess.DEVNULL,
    )
    # wait4 reports this child's own rusage; RUSAGE_CHILDREN would be the maximum over every
    # child this benchmark ever waited for, so a second measurement could not be told apart.
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so tell Popen
    if child.returncode != 0:
        raise RuntimeError(f"scribe process failed ({child.returncode}) on {recording.path}")
    # Linux reports ru_maxrss in KiB.
    return Peak(recording, usage.ru_maxrss / 1024, time.perf_counter() - start)


def report(short: Peak, long: Peak, ratio: float, passed: bool) -> None:
    for label, peak in (("short", short), ("long", long)):
        print(
            f"{label}: {peak.recording.seconds / 60:.1f} min of audio "
            f"({peak.recording.path.stat().st_size / 2**20:.1f} MiB file): "
            f"peak RSS {peak.rss_mib:.1f} MiB, {peak.seconds:.1f} s wall"
        )
    print(
        f"ratio long/short {ratio:.3f} (target <= {TARGET_RATIO}) -> {verdict(passed)}; "
        f"load average {load_average()}"
    )
    if short.recording.seconds < _WINDOW_SECONDS:
        print(
            f"note: the short recording is under one {_WINDOW_SECONDS:g}-s transcription window, "
            "so this ratio overstates the target's (5 against 60 minutes)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 and 10 minutes instead")
    parser.add_argument("--short", type=float, help="minutes of the short recording (5)")
    parser.add_argument("--long", type=float, help="minutes of the long recording (60)")
    args = parser.parse_args()
    short_min = args.short or (2.0 if args.quick else 5.0)
    long_min = args.long or (10.0 if args.quick else 60.0)
    # One after the other, never together: each peak is that process's alone.
    short, long = (peak_rss(build_recording(m)) for m in (short_min, long_min))
    ratio = long.rss_mib / short.rss_mib
    passed = ratio <= TARGET_RATIO
    report(short, long, ratio, passed)
    figures = {"short": short.as_dict(), "long": long.as_dict(), "ratio": round(ratio, 3)}
    write_figures("memory", {**figures, "target": TARGET_RATIO, "pass": passed})


if __name__ == "__main__":
    main()
