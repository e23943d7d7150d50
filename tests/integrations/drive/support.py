"""What every Drive test shares: names, and settings that point Scribe at the loopback Drive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.fakes.drive_api import FakeDrive

FOLDER = "folderMeetings01"
CHANNEL = "C0DRIVE"
TOKEN = "drive-channel-secret"
PUBLIC_URL = "https://scribe.example.com"


def drive_values(fake: FakeDrive, key: Path, *, redis_url: str, slack_url: str) -> dict[str, Any]:
    """Settings values for a watched folder on the fake Drive, posting to the fake Slack."""
    return {
        "redis_url": redis_url,
        "slack_bot_token": "xoxb-test",
        "slack_api_url": f"{slack_url}/api/",
        "google_application_credentials": key,
        "drive_api_url": f"{fake.url}/drive/v3/",
        "drive_folder_id": FOLDER,
        "drive_channel_token": TOKEN,
        "public_url": PUBLIC_URL,
        "default_channel": CHANNEL,
        "retry_base_s": 0.1,
    }
