"""A real `scribe serve` in its own process, logging to a file, and a redis-server of a test's
own (to stop, hang with SIGSTOP and resume without touching the session's)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import redis

_START_TIMEOUT_S = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True, slots=True)
class Served:
    url: str
    log: Path
    process: subprocess.Popen[bytes]

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def scribe_serve(env: Mapping[str, str], workdir: Path) -> Iterator[Served]:
    """`scribe serve` on a free port with `env` (JSON logs into workdir/serve.log), until the
    block ends; yields once /healthz answers."""
    port = free_port()
    command = [sys.executable, "-m", "scribe", "serve", "--host", "127.0.0.1", "--port", str(port)]
    log = workdir / "serve.log"
    full_env = {**os.environ, "SCRIBE_LOG_FORMAT": "json", **env}
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - our own command
            command, cwd=workdir, env=full_env, stdout=out, stderr=out
        )
        served = Served(f"http://127.0.0.1:{port}", log, process)
        try:
            _wait_healthy(served)
            yield served
        finally:
            process.terminate()
            process.wait(timeout=15)


def _wait_healthy(served: Served) -> None:
    deadline = time.monotonic() + _START_TIMEOUT_S
    while time.monotonic() < deadline:
        assert served.process.poll() is None, served.log_text()[-2000:]
        try:
            if httpx.get(f"{served.url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError("scribe serve did not start")


@dataclass(frozen=True, slots=True)
class OwnRedis:
    url: str
    process: subprocess.Popen[bytes]

    def hang(self) -> None:
        """Stop the server without closing anything: connections stay open, nothing answers."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)


@contextmanager
def own_redis() -> Iterator[OwnRedis]:
    """A throwaway redis-server for one test; skipped where there is no redis-server binary
    (SCRIBE_REDIS_URL then names a server the test must not stop)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("needs a redis-server binary to stop and resume")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="scribe-own-redis-") as workdir:
        process = subprocess.Popen(  # noqa: S603 - a fixed local binary
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", workdir],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"redis://127.0.0.1:{port}/0"
        try:
            _wait_redis(url, process)
            yield OwnRedis(url, process)
        finally:
            process.send_signal(signal.SIGCONT)
            process.terminate()
            process.wait(timeout=10)


def _wait_redis(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        assert process.poll() is None, "redis-server exited"
        try:
            with redis.Redis.from_url(url, socket_timeout=1) as client:
                if client.ping():
                    return
        except redis.RedisError:
            time.sleep(0.05)
    raise AssertionError("redis-server did not start")
