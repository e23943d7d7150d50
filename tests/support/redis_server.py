"""A Redis for the tests: SCRIBE_REDIS_URL when set, else a throwaway redis-server on a free
port, else the local default server (on its last database, which the tests flush)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

import redis


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_timeout=1).ping())
    except redis.RedisError:
        return False


@contextmanager
def redis_url() -> Iterator[str]:
    configured = os.environ.get("SCRIBE_REDIS_URL")
    if configured:
        yield configured
        return
    binary = shutil.which("redis-server")
    if binary is None:
        fallback = "redis://127.0.0.1:6379/15"
        if not _answers(fallback):
            raise RuntimeError("no Redis: install redis-server or set SCRIBE_REDIS_URL")
        yield fallback
        return
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="scribe-redis-") as workdir:
        process = subprocess.Popen(  # noqa: S603 - a fixed local binary
            [
                binary,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                workdir,
                "--databases",
                "16",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"redis://127.0.0.1:{port}/0"
        try:
            deadline = time.monotonic() + 10
            while not _answers(url):
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the throwaway redis-server did not start")
                time.sleep(0.05)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=10)
