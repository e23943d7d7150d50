"""What `scribe serve` checks before it starts: that it can verify what it will be sent."""

from __future__ import annotations

from pydantic import SecretStr

from core.errors import ConfigError
from core.settings import Settings


def check_settings(settings: Settings) -> None:
    """ConfigError unless the receiver can verify requests: Slack's signing secret (with the
    bot token it comes with), or, for a receiver without Slack, Zoom's secret token or the
    Drive channel's. Without one it would look healthy and refuse every request."""
    token, secret = _given(settings.slack_bot_token), _given(settings.slack_signing_secret)
    if token and not secret:
        raise ConfigError(
            "SLACK_SIGNING_SECRET is not set: the receiver cannot verify Slack's requests "
            "(copy the Signing Secret from the Slack app's Basic Information page)"
        )
    if secret and not token:
        raise ConfigError(
            "SLACK_BOT_TOKEN is not set: the receiver cannot answer in Slack "
            "(copy the Bot User OAuth Token from the Slack app's OAuth & Permissions page)"
        )
    others = (settings.zoom_webhook_secret_token, settings.drive_channel_token)
    if not secret and not any(_given(other) for other in others):
        raise ConfigError(
            "SLACK_SIGNING_SECRET is not set: the receiver could verify nothing it is sent "
            "(set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN; without Slack, "
            "ZOOM_WEBHOOK_SECRET_TOKEN or SCRIBE_DRIVE_CHANNEL_TOKEN)"
        )


def _given(value: SecretStr | None) -> bool:
    return value is not None and bool(value.get_secret_value().strip())
