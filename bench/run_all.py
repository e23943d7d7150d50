"""Run every benchmark in turn (`make bench`), each in its own process so one's memory, threads
and loaded models never weigh on the next, then list the verdicts they wrote to bench/out/.

    .venv/bin/python -m bench.run_all [--quick] [NAME ...]

A missed target is a figure to read, not an error: the exit status is non-zero only when a
benchmark could not run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from bench.common import OUT, PYTHON, ROOT

BENCHMARKS = (
    "transcription",
    "memory",
    "queue_overhead",
    "slack_ack",
    "zoom_ack",
    "flood",  # memory and log of scribe serve under large unsigned requests
    "tracks",
    "qmsum",
    "soak",
)
BENCHMARKS += ("qmsum",)  # summary quality on real meetings; skipped without SCRIBE_QMSUM_DIR


def run(name: str, quick: bool) -> bool:
    print(f"\n=== bench.{name}{' --quick' if quick else ''} ===", flush=True)
    # A previous run's figures must not pass for this one's if this one fails.
    (OUT / f"{name}.json").unlink(missing_ok=True)
    start = time.perf_counter()
    command = [PYTHON, "-m", f"bench.{name}", *(["--quick"] if quick else [])]
    completed = subprocess.run(command, cwd=ROOT, check=False)
    print(
        f"=== bench.{name}: exit {completed.returncode}, {time.perf_counter() - start:.0f} s ===",
        flush=True,
    )
    return completed.returncode == 0


def verdicts(names: list[str]) -> None:
    print("\nverdicts:")
    for name in names:
        path = OUT / f"{name}.json"
        if not path.exists():
            print(f"  {name:<16} no figures (the benchmark failed)")
            continue
        figures = json.loads(path.read_text(encoding="utf-8"))
        if figures.get("skipped"):
            print(f"  {name:<16} SKIPPED ({figures['skipped']})")
            continue
        passed = figures.get("pass")
        print(f"  {name:<16} {'PASS' if passed else 'FAIL'}  ({path.relative_to(ROOT)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short smoke runs")
    parser.add_argument(
        "names", nargs="*", metavar="NAME", help=f"some of: {', '.join(BENCHMARKS)} (default: all)"
    )
    args = parser.parse_args()
    unknown = sorted(set(args.names) - set(BENCHMARKS))
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    names = args.names or list(BENCHMARKS)
    ran = [run(name, args.quick) for name in names]
    verdicts(names)
    sys.exit(0 if all(ran) else 1)


if __name__ == "__main__":
    main()
