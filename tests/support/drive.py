"""Fixtures for every Drive test (a pytest plugin, see tests/conftest.py): the loopback Drive
with a generated service-account key, and settings for a watched folder on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from core.settings import Settings
from tests.fakes.drive_api import FakeDrive, serve_drive
from tests.fakes.slack_api import FakeSlack
from tests.integrations.drive.support import drive_values


@pytest.fixture
def drive_and_key(tmp_path: Path) -> Iterator[tuple[FakeDrive, Path]]:
    with serve_drive(tmp_path) as served:
        yield served


@pytest.fixture
def drive(drive_and_key: tuple[FakeDrive, Path]) -> FakeDrive:
    return drive_and_key[0]


@pytest.fixture
def drive_settings(
    make_settings: Callable[..., Settings],
    redis_url: str,
    fake_slack: FakeSlack,
    drive_and_key: tuple[FakeDrive, Path],
) -> Settings:
    fake, key = drive_and_key
    settings: Settings = make_settings(
        **drive_values(fake, key, redis_url=redis_url, slack_url=fake_slack.url)
    )
    return settings
