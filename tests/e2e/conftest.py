"""What the Zoom end-to-end tests share: a loopback Zoom, a real SMTP server, and webhooks
signed the way Zoom signs them."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from integrations.zoom.webhook import sign
from tests.fakes.smtp import Mailbox, smtp_server
from tests.fakes.zoom_api import FakeZoom, serve_zoom

ZOOM_SECRET = "zoom-e2e-secret"


@pytest.fixture
def zoom() -> Iterator[FakeZoom]:
    with serve_zoom() as fake:
        yield fake


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    """A mail server that refuses gone@example.com, as a real one refuses a left colleague."""
    box = Mailbox(refuse={"gone@example.com"})
    with smtp_server(box) as port:
        yield box, port


async def post_zoom_webhook(client: httpx.AsyncClient, body: dict[str, Any]) -> int:
    raw = json.dumps(body).encode()
    stamp = str(int(time.time()))
    headers = {"x-zm-request-timestamp": stamp, "x-zm-signature": sign(ZOOM_SECRET, stamp, raw)}
    response = await client.post("/webhooks/zoom", content=raw, headers=headers)
    return response.status_code
