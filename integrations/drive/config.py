"""Drive's own view of the settings: the service account, the watched folder, the channel."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.errors import ConfigError
from core.links import DRIVE_NEEDS_ACCOUNT
from core.settings import Settings

WATCH_PATH = "/webhooks/drive"
NEEDS_ACCOUNT = DRIVE_NEEDS_ACCOUNT


@dataclass(frozen=True, slots=True)
class DriveConfig:
    credentials: Path
    api_url: str
    folder_id: str | None = None
    channel_token: str | None = None
    public_url: str | None = None
    poll_s: int = 60
    max_bytes: int = 4 * 1024**3
    stall_s: float = 30.0

    @property
    def polling(self) -> bool:
        """No public address: Drive cannot call us, so its changes are read on a schedule."""
        return not self.public_url

    @property
    def address(self) -> str:
        """Where Drive sends a channel's notifications."""
        return (self.public_url or "").rstrip("/") + WATCH_PATH


def drive_config(settings: Settings) -> DriveConfig | None:
    """The Drive settings, or None when no service account is configured."""
    if settings.google_application_credentials is None:
        return None
    token = settings.drive_channel_token
    return DriveConfig(
        credentials=settings.google_application_credentials,
        api_url=settings.drive_api_url,
        folder_id=settings.drive_folder_id or None,
        channel_token=token.get_secret_value() if token else None,
        public_url=settings.public_url or None,
        poll_s=settings.drive_poll_s,
        max_bytes=int(settings.max_media_bytes),
        stall_s=settings.download_stall_s,
    )


def watched_config(settings: Settings) -> DriveConfig:
    """The settings a watched folder needs, or a ConfigError naming what is missing."""
    config = drive_config(settings)
    if config is None:
        raise ConfigError(NEEDS_ACCOUNT)
    if not config.folder_id:
        raise ConfigError("watching Google Drive needs SCRIBE_DRIVE_FOLDER_ID, the folder's id")
    if config.public_url:
        if not config.channel_token:
            raise ConfigError(
                "Drive push notifications need SCRIBE_DRIVE_CHANNEL_TOKEN, a shared secret "
                "Drive echoes back with every notification"
            )
        if not config.public_url.lower().startswith("https://"):
            raise ConfigError(
                "SCRIBE_PUBLIC_URL must be an https:// address: Drive only notifies HTTPS "
                "addresses with a valid certificate"
            )
    return config
