"""Running `scribe process` as a user does: a real subprocess, real files, real exit statuses."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

SCRIBE = [sys.executable, "-m", "scribe"]
ZOOM_VTT = (
    "WEBVTT\n\n1\n00:00:01.000 --> 00:00:06.000\nDana Whitfield: We decided to ship the beta "
    "on June 3rd.\n\n2\n00:00:07.000 --> 00:00:12.000\nOmar Haddad: I will update the release "
    "notes by Friday.\n\n3\n00:00:13.000 --> 00:00:18.000\nDana Whitfield: Great, thanks Omar.\n"
)


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own CLI
        [*SCRIBE, *args],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def assert_one_clear_line(result: subprocess.CompletedProcess[str], status: int, text: str) -> None:
    assert result.returncode == status, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("scribe: error: ")
    assert text in lines[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def closed_port_url() -> str:
    """A loopback address where nothing listens: connections are refused at once."""
    with socket.create_server(("127.0.0.1", 0)) as sock:
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
