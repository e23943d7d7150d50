from __future__ import annotations

import json
import time
import urllib.parse
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from slack_sdk.signature import SignatureVerifier

from bot.server import create_app
from core.settings import Settings
from tests.fakes.slack_api import FakeSlack

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
CHANNEL = "C0TEAM"


def signed_headers(body: str, *, secret: str = SIGNING_SECRET, **extra: str) -> dict[str, str]:
    timestamp = str(int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature, **extra}


@pytest.fixture
def slack_settings(
    make_settings: Callable[..., Settings], redis_url: str, fake_slack: FakeSlack
) -> Settings:
    slack_url = fake_slack.url
    settings: Settings = make_settings(
        redis_url=redis_url,
        slack_bot_token="xoxb-test",
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=f"{slack_url}/api/",
        allow_private_urls=True,
        retry_base_s=0.1,
    )
    return settings


class SlackSender:
    """Sends the receiver what Slack sends, signed the way Slack signs it."""

    def __init__(self, client: httpx.AsyncClient, slack_url: str) -> None:
        self.client = client
        self.slack_url = slack_url

    async def command(self, text: str, *, channel: str = CHANNEL) -> httpx.Response:
        form = {
            "token": "deprecated",
            "team_id": "T0001",
            "team_domain": "acme",
            "channel_id": channel,
            "channel_name": "team",
            "user_id": "U0ASKER",
            "user_name": "ana",
            "command": "/scribe",
            "text": text,
            "api_app_id": "A0001",
            "is_enterprise_install": "false",
            "response_url": f"{self.slack_url}/response_url/1",
            "trigger_id": "1.2.3",
        }
        body = urllib.parse.urlencode(form)
        headers = signed_headers(body, **{"Content-Type": "application/x-www-form-urlencoded"})
        return await self.client.post("/slack/events", content=body, headers=headers)

    async def event(
        self, event: dict[str, Any], *, event_id: str, retry: int = 0
    ) -> httpx.Response:
        envelope = {
            "token": "deprecated",
            "team_id": "T0001",
            "api_app_id": "A0001",
            "event": event,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "authorizations": [{"team_id": "T0001", "user_id": "UBOT", "is_bot": True}],
        }
        body = json.dumps(envelope)
        extra = {"Content-Type": "application/json"}
        if retry:
            extra |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        return await self.client.post(
            "/slack/events", content=body, headers=signed_headers(body, **extra)
        )


class Receiver(SlackSender):
    """The receiver app running in-process, with its lifespan."""

    def __init__(self, app: FastAPI, client: httpx.AsyncClient, slack_url: str) -> None:
        super().__init__(client, slack_url)
        self.app = app

    async def settle(self) -> None:
        """Wait for the work the handlers left running after acknowledging."""
        await self.app.state.scribe.drain()


@asynccontextmanager
async def running_receiver(settings: Settings, slack_url: str) -> AsyncIterator[Receiver]:
    """The receiver app with its lifespan, and a client that talks to it in-process."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://scribe") as client:
            yield Receiver(app, client, slack_url)


@pytest.fixture
async def receiver(slack_settings: Settings, fake_slack: FakeSlack) -> AsyncIterator[Receiver]:
    async with running_receiver(slack_settings, fake_slack.url) as running:
        yield running
