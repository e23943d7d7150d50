"""Running the real `scribe` command in a subprocess, as an operator would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

WORKER = [sys.executable, "-m", "scribe", "worker"]


def run_worker_process_in_burst(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """`scribe worker --burst`: work the queues empty, then exit; fails the test if it fails."""
    done = subprocess.run(  # noqa: S603 - our own command
        [*WORKER, "--burst"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done
