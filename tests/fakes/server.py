"""Run an ASGI app on a loopback port for the duration of a test."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

import uvicorn

_START_TIMEOUT_S = 10.0


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 with an OS-chosen port; yield its base URL.

    The socket is bound before uvicorn starts, so the port is known (and
    reserved) up front: no fixed ports, no race between picking and binding.
    """
    sock = socket.create_server(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app,
        lifespan="off",
        log_level="warning",
        # Clients keep pooled keep-alive connections open; don't let them
        # stall teardown.
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name=f"fake-server-{port}", daemon=True
    )
    thread.start()
    try:
        deadline = time.monotonic() + _START_TIMEOUT_S
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"fake server on port {port} failed to start")
            time.sleep(0.005)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=_START_TIMEOUT_S)
        # uvicorn closes the listener itself; this covers the failed-start path
        # and is a no-op otherwise (avoids a ResourceWarning under -W error).
        sock.close()


class Fake(Protocol):
    """A loopback fake: an ASGI app, and the base URL it is served at once it is."""

    app: Any
    url: str


F = TypeVar("F", bound=Fake)


@contextmanager
def serving(fake: F) -> Iterator[F]:
    """Serve a fake and set its `.url` for as long as it runs."""
    with serve(fake.app) as url:
        fake.url = url
        yield fake
