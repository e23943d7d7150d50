"""`POST /webhooks/drive` through the real receiver: the headers Drive sends, real Redis, a
channel opened on the loopback Drive as `scribe drive watch` opens it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis

from core.settings import Settings
from integrations.drive.notifications import DRIVE_QUEUE
from integrations.wiring.drive import build_drive_watch
from tests.bot.conftest import running_receiver
from tests.conftest import changed
from tests.fakes.drive_api import FakeDrive, drive_headers
from tests.fakes.slack_api import FakeSlack


@pytest.fixture
def settings(drive_settings: Settings) -> Settings:
    return drive_settings


@pytest.fixture
async def channel(settings: Settings, drive_and_key: tuple[FakeDrive, Path]) -> dict[str, Any]:
    async with AsyncExitStack() as closers:
        opened = await build_drive_watch(settings, closers=closers).watcher.watch()
    return drive_and_key[0].channels[opened.id]


@pytest.fixture
async def client(settings: Settings, fake_slack: FakeSlack) -> AsyncIterator[httpx.AsyncClient]:
    async with running_receiver(settings, fake_slack.url) as receiver:
        yield receiver.client


async def drive_jobs(redis_url: str) -> int:
    redis = Redis.from_url(redis_url)
    try:
        return int(await redis.zcard(DRIVE_QUEUE))
    finally:
        await redis.aclose()


async def post(client: httpx.AsyncClient, headers: dict[str, str]) -> httpx.Response:
    return await client.post("/webhooks/drive", headers=headers)


@pytest.mark.parametrize("token", ["not-the-secret", ""])
async def test_a_wrong_or_missing_token_is_refused_without_asking_drive(
    client: httpx.AsyncClient,
    channel: dict[str, Any],
    drive_and_key: tuple[FakeDrive, Path],
    redis_url: str,
    token: str,
) -> None:
    drive = drive_and_key[0]
    calls = len(drive.calls)
    headers = drive_headers(channel, token=token)
    if not token:
        del headers["X-Goog-Channel-Token"]

    response = await post(client, headers)

    assert response.status_code == 401
    assert len(drive.calls) == calls
    assert await drive_jobs(redis_url) == 0


async def test_an_unknown_channel_is_refused_without_asking_drive(
    client: httpx.AsyncClient,
    channel: dict[str, Any],
    drive_and_key: tuple[FakeDrive, Path],
    redis_url: str,
) -> None:
    drive = drive_and_key[0]
    calls = len(drive.calls)
    stranger = {**channel, "id": "a-channel-scribe-never-opened"}
    wrong_resource = {**channel, "resourceId": "res-someone-elses"}

    assert (await post(client, drive_headers(stranger))).status_code == 403
    assert (await post(client, drive_headers(wrong_resource))).status_code == 403
    assert len(drive.calls) == calls
    assert await drive_jobs(redis_url) == 0


async def test_the_sync_message_is_acknowledged_and_nothing_is_read(
    client: httpx.AsyncClient,
    channel: dict[str, Any],
    drive_and_key: tuple[FakeDrive, Path],
    redis_url: str,
) -> None:
    calls = len(drive_and_key[0].calls)
    # Drive may send it before its answer to changes.watch arrived: a channel not stored yet.
    early = {**channel, "id": "channel-being-opened"}

    for headers in (
        drive_headers(channel, state="sync", number=1),
        drive_headers(early, state="sync", number=1),
    ):
        response = await post(client, headers)
        assert response.status_code == 200
        assert response.json() == {"status": "sync"}

    assert len(drive_and_key[0].calls) == calls
    assert await drive_jobs(redis_url) == 0
    wrong_token = drive_headers(early, state="sync", number=1, token="not-the-secret")
    assert (await post(client, wrong_token)).status_code == 401


async def test_a_burst_of_notifications_queues_one_change_read(
    client: httpx.AsyncClient, channel: dict[str, Any], redis_url: str
) -> None:
    answers = [
        (await post(client, drive_headers(channel, state=state, number=n))).json()["status"]
        for n, state in enumerate(["change", "change", "update", "add", "change"], start=2)
    ]

    assert answers == ["queued", "joined", "joined", "joined", "joined"]
    assert await drive_jobs(redis_url) == 1


async def test_without_a_channel_token_configured_drive_is_told_to_come_back(
    settings: Settings, fake_slack: FakeSlack, channel: dict[str, Any]
) -> None:
    unconfigured = changed(settings, drive_channel_token=None)
    async with running_receiver(unconfigured, fake_slack.url) as receiver:
        response = await post(receiver.client, drive_headers(channel))
    assert response.status_code == 503
    assert "SCRIBE_DRIVE_CHANNEL_TOKEN" in response.text
