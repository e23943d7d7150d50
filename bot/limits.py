"""A cap on request bodies, enforced while they are read, in front of every route.

Everything Slack and Zoom send is small (a slash command is under 1 KB; an interactivity
payload carries one message of at most 40,000 characters; a Zoom recording event lists its
files), so nothing legitimate comes near 1 MiB. Without a cap, anyone could make the receiver
hold a 100 MiB body in memory (and hand it to code that logs or parses it) before any
signature has been checked. The body is read here, counted as it arrives, and refused with 413
the moment it is too large (at once when Content-Length says so), and with 408 when it takes
over 10 s to arrive; only a body within the cap reaches the routes, which then read it from
memory.
"""

from __future__ import annotations

import asyncio
import json

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = structlog.get_logger(__name__)

MAX_BODY_BYTES = 1024 * 1024
# Slack and Zoom send their few kilobytes at once. A client that drips its body holds a
# connection and up to the cap in memory for as long as it likes; 10 s ends that.
BODY_SECONDS = 10.0


class BodyLimit:
    """ASGI middleware: 413 for a body over `max_bytes`, 408 for one that takes longer than
    `seconds` to arrive, 400 for an unreadable Content-Length; otherwise the app gets the
    whole body in one message."""

    def __init__(
        self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES, seconds: float = BODY_SECONDS
    ) -> None:
        self._app = app
        self._max = max_bytes
        self._seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is None:
            await _refuse(send, 400, "the Content-Length header is not a number")
            return
        if declared > self._max:
            await self._too_large(scope, send, declared)
            return
        try:
            async with asyncio.timeout(self._seconds):
                body = await self._read(receive)
        except _TooLarge as exc:
            await self._too_large(scope, send, exc.size)
            return
        except TimeoutError:
            log.info("receiver.body_too_slow", path=scope.get("path", "")[:100])
            await _refuse(send, 408, f"the request body took over {self._seconds:g} s")
            return
        if body is None:
            return  # the client went away before sending the whole body
        await self._app(scope, _replay(body, receive), send)

    async def _read(self, receive: Receive) -> bytes | None:
        """The whole body, counted as it comes; None when the client leaves first."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self._max:
                raise _TooLarge(size)
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def _too_large(self, scope: Scope, send: Send, size: int) -> None:
        log.info("receiver.body_refused", path=scope.get("path", "")[:100], bytes_seen=size)
        await _refuse(send, 413, f"the request body is over {self._max} bytes")


class _TooLarge(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def _content_length(scope: Scope) -> int | None:
    """The declared length; -1 when none is declared (chunked); None when unreadable."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isascii() and text.isdigit() else None
    return -1


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive() that gives the body read already, then waits on the client as before
    (for its disconnect)."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed


async def _refuse(send: Send, status: int, error: str) -> None:
    # The rest of the body is never read: the connection is closed after the answer.
    content = json.dumps({"error": error}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(content)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": content, "more_body": False})
