"""The Drive push channel: opened with the address, token and longest expiration, stored in
Redis with what Drive granted, renewed at 80% of that (never of what was asked), the old
channel stopped; opening it again is harmless. Real Redis, the loopback Drive."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AsyncExitStack
from pathlib import Path

import pytest

from core.settings import Settings
from integrations.drive.watch import LONGEST_S, ChannelWatcher
from integrations.wiring.drive import DriveWatch, build_drive_watch
from tests.fakes.drive_api import FakeDrive, serve_drive
from tests.fakes.slack_api import FakeSlack
from tests.integrations.drive.support import PUBLIC_URL, TOKEN, drive_values

GRANTED_S = 1000  # Drive grants this fake's channels 1000 s, whatever is asked


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def drive_and_key(tmp_path: Path) -> Iterator[tuple[FakeDrive, Path]]:
    with serve_drive(tmp_path, max_channel_s=GRANTED_S) as served:
        yield served


@pytest.fixture
def drive(drive_and_key: tuple[FakeDrive, Path]) -> FakeDrive:
    return drive_and_key[0]


@pytest.fixture
async def watch(
    make_settings: Callable[..., Settings],
    redis_url: str,
    fake_slack: FakeSlack,
    drive_and_key: tuple[FakeDrive, Path],
) -> AsyncIterator[DriveWatch]:
    fake, key = drive_and_key
    settings = make_settings(
        **drive_values(fake, key, redis_url=redis_url, slack_url=fake_slack.url)
    )
    async with AsyncExitStack() as closers:
        yield build_drive_watch(settings, closers=closers)


def watcher_at(watch: DriveWatch, clock: Clock) -> ChannelWatcher:
    return ChannelWatcher(
        api=watch.api, state=watch.state, reader=watch.reader, config=watch.config, clock=clock
    )


async def test_watch_opens_a_channel_and_stores_what_drive_granted(
    watch: DriveWatch, drive: FakeDrive
) -> None:
    channel = await watch.watcher.watch()

    (call,) = drive.api_calls("/changes/watch")
    assert call.body is not None
    assert call.body["address"] == f"{PUBLIC_URL}/webhooks/drive"
    assert call.body["token"] == TOKEN
    assert call.body["type"] == "web_hook"
    asked_s = (int(call.body["expiration"]) - channel.created_ms) / 1000
    assert asked_s == LONGEST_S  # the longest Drive allows for changes.watch
    assert call.query["pageToken"] == await watch.state.page_token()
    assert call.query["supportsAllDrives"] == "true"
    assert call.query["includeItemsFromAllDrives"] == "true"
    stored = await watch.state.current()
    assert stored == channel
    assert stored.resource_id == drive.channels[channel.id]["resourceId"]
    assert stored.expiration_ms == int(drive.channels[channel.id]["expiration"])
    assert (stored.expiration_ms - stored.created_ms) / 1000 == pytest.approx(GRANTED_S, abs=2)


async def test_the_channel_is_renewed_at_80_percent_of_its_granted_life_and_the_old_stopped(
    watch: DriveWatch, drive: FakeDrive
) -> None:
    clock = Clock(start := time.time())
    watcher = watcher_at(watch, clock)
    first = await watcher.watch()
    life_s = (first.expiration_ms - first.created_ms) / 1000

    clock.now = start + life_s * 0.79
    assert await watcher.renew_if_due() is None
    assert drive.stopped == []

    clock.now = start + life_s * 0.81
    second = await watcher.renew_if_due()

    assert second is not None and second.id != first.id
    assert drive.stopped == [{"id": first.id, "resourceId": first.resource_id}]
    assert list(drive.channels) == [second.id]
    assert await watch.state.current() == second
    assert await watch.state.channel(first.id) is None  # its notifications are refused now


async def test_watching_twice_leaves_one_live_channel_and_keeps_the_page_token(
    watch: DriveWatch, drive: FakeDrive
) -> None:
    first = await watch.watcher.watch()
    token = await watch.state.page_token()
    drive.add_file("Made meanwhile.wav", parents=["elsewhere"], content=b"x")

    second = await watch.watcher.watch()

    assert list(drive.channels) == [second.id]
    assert drive.stopped == [{"id": first.id, "resourceId": first.resource_id}]
    assert await watch.state.page_token() == token  # no change is skipped
    (first_call, second_call) = drive.api_calls("/changes/watch")
    assert first_call.query["pageToken"] == second_call.query["pageToken"] == token


async def test_a_channel_drive_already_forgot_is_not_an_error_to_stop(
    watch: DriveWatch, drive: FakeDrive
) -> None:
    first = await watch.watcher.watch()
    drive.channels.clear()  # expired on Drive's side

    second = await watch.watcher.watch()

    assert await watch.state.current() == second
    assert await watch.state.channel(first.id) is None
