"""Slack's real client (built as the worker builds it) against the loopback Slack, with the
delivery ledger in a real Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack

import pytest
from redis.asyncio import Redis
from slack_sdk.web.async_client import AsyncWebClient

from core.domain import MeetingResult, Segment, Source, Summary, Transcript
from core.settings import Settings
from integrations.slack.channel import SlackChannels
from integrations.slack.client import build_slack_client
from integrations.store.records import RedisStore
from tests.fakes.slack_api import FakeSlack

CHANNEL = "C0SCRIBE"


@pytest.fixture
async def client(
    make_settings: Callable[..., Settings], fake_slack: FakeSlack
) -> AsyncIterator[AsyncWebClient]:
    settings = make_settings(slack_bot_token="xoxb-test", slack_api_url=f"{fake_slack.url}/api/")
    async with AsyncExitStack() as closers:
        client = build_slack_client(settings, closers)
        assert client is not None
        yield client


@pytest.fixture
def channels(client: AsyncWebClient) -> SlackChannels:
    return SlackChannels(client)


@pytest.fixture
async def store(redis_url: str) -> AsyncIterator[RedisStore]:
    redis = Redis.from_url(redis_url)
    try:
        yield RedisStore(redis, retention_days=1)
    finally:
        await redis.aclose()


def meeting(*, points: int = 3) -> MeetingResult:
    return MeetingResult(
        source=Source(kind="url", ref="https://media.test/standup.mp3"),
        duration_seconds=600.0,
        language="en",
        transcript=Transcript(
            segments=(
                Segment(start=0.0, end=4.0, text="The budget review is on Friday.", speaker="Ana"),
            )
        ),
        summary=Summary(
            title="Standup",
            tldr="The budget review moves to Friday.",
            key_points=tuple(
                f"Point {n}: " + "the billing migration. " * 20 for n in range(points)
            ),
            generated_by="model",
        ),
    )
