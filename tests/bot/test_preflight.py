"""`scribe serve` refuses to start when it could verify nothing it is sent."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.preflight import check_settings
from core.errors import ConfigError
from core.settings import Settings


def serve(cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "scribe", "serve", "--host", "127.0.0.1", "--port", "1"],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_serve_without_a_signing_secret_exits_2_naming_it(tmp_path: Path) -> None:
    done = serve(tmp_path, SCRIBE_REDIS_URL="redis://127.0.0.1:1/0")
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert line.startswith("scribe: error: SLACK_SIGNING_SECRET is not set")


def test_env_example_copied_as_is_is_refused_not_served(tmp_path: Path) -> None:
    """README: copy .env.example to .env. Its empty values are unset, not empty secrets."""
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-real\nSLACK_SIGNING_SECRET=\n")
    done = serve(tmp_path)
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert "SLACK_SIGNING_SECRET is not set" in line
    assert "Basic Information" in line


@pytest.mark.parametrize(
    "values,named",
    [
        ({"slack_bot_token": "xoxb-1", "slack_signing_secret": "  "}, "SLACK_SIGNING_SECRET"),
        ({"slack_signing_secret": "s3cret"}, "SLACK_BOT_TOKEN"),
        ({}, "SLACK_SIGNING_SECRET"),
    ],
)
def test_unusable_settings_are_named(
    make_settings: Callable[..., Settings], values: dict[str, str], named: str
) -> None:
    with pytest.raises(ConfigError, match=f"^{named} is not set"):
        check_settings(make_settings(**values))


@pytest.mark.parametrize(
    "values",
    [
        {"slack_bot_token": "xoxb-1", "slack_signing_secret": "s3cret"},
        {"zoom_webhook_secret_token": "zoom-secret"},  # a receiver for Zoom's webhooks only
        {"drive_channel_token": "drive-token"},
    ],
)
def test_a_receiver_that_can_verify_something_starts(
    make_settings: Callable[..., Settings], values: dict[str, str]
) -> None:
    check_settings(make_settings(**values))
