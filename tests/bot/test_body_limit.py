"""The cap on request bodies: counted while the body is read, before any route, signature
check or parsing sees it."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Callable, MutableMapping
from typing import Any

import httpx
import pytest

from bot.limits import MAX_BODY_BYTES, BodyLimit
from bot.server import create_app
from core.settings import Settings
from tests.fakes.server import serve

CHUNK = 64 * 1024
ROUTES = ["/slack/events", "/webhooks/zoom", "/webhooks/drive", "/metrics", "/nowhere"]


class Inner:
    """An app behind the cap that records what reached it."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        message = await receive()
        self.bodies.append(message["body"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


class Stream:
    """A request body sent chunk by chunk, counting what the server asked for."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.sent = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while self.sent < self.total:
            self.sent += CHUNK
            yield b"x" * CHUNK


def client_for(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://scribe")


@pytest.fixture
def app_settings(make_settings: Callable[..., Settings]) -> Settings:
    settings: Settings = make_settings(
        redis_url="redis://127.0.0.1:1/0",
        slack_bot_token="xoxb-test",
        slack_signing_secret="secret",
        zoom_webhook_secret_token="zoom-secret",
    )
    return settings


@pytest.mark.parametrize("path", ROUTES)
async def test_a_streamed_body_over_the_cap_is_refused_while_it_is_read(
    app_settings: Settings, path: str
) -> None:
    # No Content-Length: the cap can only be met by counting.
    body = Stream(total=100 * MAX_BODY_BYTES)
    async with client_for(create_app(app_settings)) as client:
        response = await client.post(path, content=body)
    assert response.status_code == 413
    assert "over 1048576 bytes" in response.json()["error"]
    assert body.sent <= MAX_BODY_BYTES + CHUNK  # it stopped reading at the cap


async def test_a_declared_body_over_the_cap_is_refused_before_any_of_it_is_read() -> None:
    inner = Inner()
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        raise AssertionError("the body was read")

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(dict(message))

    headers = [(b"content-length", str(MAX_BODY_BYTES + 1).encode())]
    scope = {"type": "http", "method": "POST", "path": "/slack/events", "headers": headers}
    await BodyLimit(inner)(scope, receive, send)
    assert sent[0]["status"] == 413
    assert (b"connection", b"close") in sent[0]["headers"]
    assert inner.bodies == []


async def test_a_body_at_the_cap_reaches_the_route_whole() -> None:
    inner = Inner()
    body = Stream(total=MAX_BODY_BYTES)
    async with client_for(BodyLimit(inner)) as client:
        response = await client.post("/slack/events", content=body)
    assert response.status_code == 200
    assert inner.bodies == [b"x" * MAX_BODY_BYTES]


async def test_an_unreadable_content_length_is_a_400() -> None:
    inner = Inner()
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"{}", "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(dict(message))

    scope = {"type": "http", "method": "POST", "path": "/", "headers": [(b"content-length", b"2x")]}
    await BodyLimit(inner)(scope, receive, send)
    assert sent[0]["status"] == 400
    assert inner.bodies == []


async def test_a_body_that_drips_in_is_cut_off() -> None:
    inner = Inner()
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        await asyncio.sleep(0.05)  # one byte at a time, for ever
        return {"type": "http.request", "body": b"x", "more_body": True}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(dict(message))

    scope = {"type": "http", "method": "POST", "path": "/", "headers": []}
    await BodyLimit(inner, seconds=0.3)(scope, receive, send)
    assert sent[0]["status"] == 408
    assert inner.bodies == []


def test_over_http_a_huge_declared_body_is_answered_413_without_waiting_for_it(
    app_settings: Settings,
) -> None:
    """As served by uvicorn: the 413 comes while the client has sent only the headers and a
    first kilobyte of a declared 100 MiB."""
    with serve(create_app(app_settings)) as url:
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=5) as sock:
            head = (
                "POST /slack/events HTTP/1.1\r\nHost: scribe\r\n"
                f"Content-Type: application/json\r\nContent-Length: {100 * 1024 * 1024}\r\n\r\n"
            )
            sock.sendall(head.encode() + b"{" * 1024)
            answer = sock.recv(4096).decode("latin-1")
    assert answer.startswith("HTTP/1.1 413")
    assert "connection: close" in answer.lower()
