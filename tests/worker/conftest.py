from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AsyncExitStack
from typing import Any

import pytest
from arq.connections import ArqRedis
from redis.asyncio import Redis

from core.domain import JobRequest, SlackTarget, Source
from core.settings import Settings
from integrations.store.queue import ArqJobQueue
from integrations.store.records import RedisStore
from integrations.wiring.receiver import ReceiverDeps, build_receiver_deps
from tests.conftest import DATA, SAMPLES
from tests.fakes.media_site import MediaSite
from tests.fakes.server import serving
from tests.fakes.slack_api import FakeSlack

CHANNEL = "C0SCRIBE"


@pytest.fixture
def media_site() -> Iterator[MediaSite]:
    site = MediaSite(
        {"speech.wav": DATA / "speech_short.wav", "standup.ogg": SAMPLES / "standup.ogg"}
    )
    with serving(site):
        yield site


@pytest.fixture
def worker_settings(
    make_settings: Callable[..., Settings],
    redis_url: str,
    fake_slack: FakeSlack,
) -> Settings:
    slack_url = fake_slack.url
    settings: Settings = make_settings(
        redis_url=redis_url,
        slack_bot_token="xoxb-test",
        slack_api_url=f"{slack_url}/api/",
        allow_private_urls=True,
        retry_base_s=0.1,
        worker_lease_s=2,
        retention_days=3,
    )
    return settings


@pytest.fixture
async def receiver(worker_settings: Settings) -> AsyncIterator[ReceiverDeps]:
    async with AsyncExitStack() as closers:
        yield build_receiver_deps(worker_settings, closers=closers)


@pytest.fixture
def queue(receiver: ReceiverDeps) -> ArqJobQueue:
    return receiver.queue


@pytest.fixture
def store(receiver: ReceiverDeps) -> RedisStore:
    return receiver.store


@pytest.fixture
def redis(receiver: ReceiverDeps) -> ArqRedis | Redis:
    return receiver.redis


def link_request(url: str, **overrides: Any) -> JobRequest:
    values: dict[str, Any] = {
        "source": Source(kind="url", ref=url),
        "slack": SlackTarget(channel=CHANNEL, requested_by="U0ASKER"),
    }
    values.update(overrides)
    return JobRequest(**values)
