"""The worker's Drive jobs on the real arq worker (burst mode) and real Redis: a burst of
notifications is one change read; without a public address the folder is polled; the
channel renewal runs on its schedule."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis

from core.settings import Settings
from integrations.wiring.drive import build_drive_watch
from tests.bot.conftest import running_receiver
from tests.conftest import changed
from tests.fakes.drive_api import FakeDrive, drive_headers
from tests.fakes.slack_api import FakeSlack
from tests.integrations.drive.support import FOLDER
from worker.drive import poll_schedule
from worker.settings import create_drive_worker


@pytest.fixture
def settings(drive_settings: Settings) -> Settings:
    return drive_settings


@pytest.fixture
async def receiver(settings: Settings, fake_slack: FakeSlack) -> AsyncIterator[httpx.AsyncClient]:
    async with running_receiver(settings, fake_slack.url) as running:
        yield running.client


async def open_channel(settings: Settings, drive: FakeDrive) -> dict[str, Any]:
    async with AsyncExitStack() as closers:
        channel = await build_drive_watch(settings, closers=closers).watcher.watch()
    return drive.channels[channel.id]


async def run_drive_worker(settings: Settings) -> None:
    worker = create_drive_worker(settings, burst=True, handle_signals=False)
    try:
        await worker.main()
    finally:
        await worker.close()


async def recording_jobs(redis_url: str) -> list[str]:
    redis = Redis.from_url(redis_url)
    try:
        return sorted(i.decode() for i in await redis.zrange("arq:queue", 0, -1))
    finally:
        await redis.aclose()


async def test_a_burst_of_notifications_gives_one_change_read(
    settings: Settings, drive: FakeDrive, receiver: httpx.AsyncClient, redis_url: str
) -> None:
    channel = await open_channel(settings, drive)
    file_id = drive.add_file("Standup.wav", parents=[FOLDER], content=b"RIFF")
    for number in range(2, 12):
        response = await receiver.post(
            "/webhooks/drive", headers=drive_headers(channel, number=number)
        )
        assert response.status_code == 200
    reads_before = drive.change_reads()

    await run_drive_worker(settings)

    assert drive.change_reads() - reads_before == 1
    (job,) = await recording_jobs(redis_url)
    assert job.startswith(f"drive:{file_id}:md5-")


async def test_notifications_after_a_read_began_get_a_read_of_their_own(
    settings: Settings, drive: FakeDrive, receiver: httpx.AsyncClient, redis_url: str
) -> None:
    channel = await open_channel(settings, drive)
    drive.add_file("First.wav", parents=[FOLDER], content=b"one")
    await receiver.post("/webhooks/drive", headers=drive_headers(channel, number=2))
    await run_drive_worker(settings)
    drive.add_file("Second.wav", parents=[FOLDER], content=b"two")

    response = await receiver.post("/webhooks/drive", headers=drive_headers(channel, number=3))
    await run_drive_worker(settings)

    assert response.json() == {"status": "queued"}
    assert len(await recording_jobs(redis_url)) == 2


async def test_without_a_public_address_the_folder_is_polled(
    settings: Settings, drive: FakeDrive, redis_url: str
) -> None:
    polling = changed(settings, public_url=None, drive_poll_s=30)
    async with AsyncExitStack() as closers:
        await build_drive_watch(polling, closers=closers).reader.start()
    file_id = drive.add_file("Standup.wav", parents=[FOLDER], content=b"RIFF")

    worker = create_drive_worker(polling, burst=True, handle_signals=False)
    names = {job.name: job for job in worker.cron_jobs}
    assert names["poll_drive_changes"].second == {0, 30}
    try:
        await worker.main()  # the poll runs once at start-up, then every 30 s
    finally:
        await worker.close()

    (job,) = await recording_jobs(redis_url)
    assert job.startswith(f"drive:{file_id}:")
    assert drive.api_calls("/changes/watch") == []  # no channel without a public address


async def test_with_a_public_address_nothing_is_polled(settings: Settings) -> None:
    worker = create_drive_worker(settings, burst=True, handle_signals=False)
    try:
        assert sorted(job.name for job in worker.cron_jobs) == ["renew_drive_channel"]
    finally:
        await worker.close()


@pytest.mark.parametrize(
    "poll_s,fields",
    [
        (60, {"minute": set(range(60)), "second": 0}),
        (15, {"second": {0, 15, 30, 45}}),
        (300, {"minute": {0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55}, "second": 0}),
        (7200, {"hour": set(range(0, 24, 2)), "minute": 0, "second": 0}),
    ],
)
def test_the_poll_schedule_follows_scribe_drive_poll_s(poll_s: int, fields: dict[str, Any]) -> None:
    assert poll_schedule(poll_s) == fields
