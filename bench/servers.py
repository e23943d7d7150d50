"""Servers the acknowledgement benchmarks run (scribe serve and a bare endpoint), each in its
own process, started, watched and stopped as an operator would."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx
import psutil  # type: ignore[import-untyped]

from bench.common import PYTHON, ROOT

_START_TIMEOUT_S = 30.0


@dataclass(frozen=True, slots=True)
class Load:
    requests: int
    concurrency: int
    distinct: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True, slots=True)
class Server:
    url: str
    process: psutil.Process

    def cpu_seconds(self) -> float:
        times = self.process.cpu_times()
        return float(times.user + times.system)


@contextmanager
def server(
    name: str,
    command: Sequence[str],
    env: dict[str, str],
    port: int,
    *,
    output: IO[bytes] | None = None,
) -> Iterator[Server]:
    """Run a server process until the block ends; stop it with SIGINT, as an operator would
    (uvicorn shuts down cleanly, and cProfile writes its file on the way out). `output` takes
    its stdout and stderr (its log), else they are this process's."""
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(process, base, name=name)
        yield Server(base, psutil.Process(process.pid))
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_healthy(process: subprocess.Popen[bytes], base: str, *, name: str) -> None:
    deadline = time.monotonic() + _START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{name} did not start within {_START_TIMEOUT_S:g} s")


def bare_command(port: int, app: str) -> list[str]:
    """A bare endpoint (`app`, "module:attribute") under uvicorn's defaults otherwise, as
    `scribe serve` (uvicorn.run) uses them."""
    options = f"--host 127.0.0.1 --port {port} --workers 1 --log-level warning"
    return [PYTHON, "-m", "uvicorn", app, *options.split()]


def receiver_command(port: int, profile: Path | None) -> list[str]:
    prefix = [PYTHON] if profile is None else [PYTHON, "-m", "cProfile", "-o", str(profile)]
    return [*prefix, "-m", "scribe", "serve", "--host", "127.0.0.1", "--port", str(port)]
