"""`.env.example`: every variable the settings read, nothing else, and harmless as copied."""

from __future__ import annotations

from collections import Counter

from core.settings import Settings
from tests.deploy.files import ROOT, dotenv_names, setting_names

# The outside contract's variables (CONTRACT.md section 4): they must stay readable.
CONTRACT = {
    "SCRIBE_REDIS_URL",
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SCRIBE_SLACK_API_URL",
    "SCRIBE_DEFAULT_CHANNEL",
    "SCRIBE_ROUTES_FILE",
    "ZOOM_WEBHOOK_SECRET_TOKEN",
    "ZOOM_ACCOUNT_ID",
    "ZOOM_CLIENT_ID",
    "ZOOM_CLIENT_SECRET",
    "SCRIBE_ZOOM_API_URL",
    "SCRIBE_ZOOM_OAUTH_URL",
    "SCRIBE_ZOOM_USE_TRANSCRIPT",
    "GOOGLE_APPLICATION_CREDENTIALS",
    "SCRIBE_DRIVE_FOLDER_ID",
    "SCRIBE_DRIVE_CHANNEL_TOKEN",
    "SCRIBE_DRIVE_API_URL",
    "SCRIBE_PUBLIC_URL",
    "SCRIBE_DRIVE_POLL_S",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "SCRIBE_LLM_MODEL",
    "SCRIBE_WHISPER_MODEL",
    "SCRIBE_WHISPER_DEVICE",
    "SCRIBE_WHISPER_COMPUTE_TYPE",
    "SCRIBE_SMTP_HOST",
    "SCRIBE_SMTP_PORT",
    "SCRIBE_SMTP_USERNAME",
    "SCRIBE_SMTP_PASSWORD",
    "SCRIBE_SMTP_STARTTLS",
    "SCRIBE_EMAIL_FROM",
    "SCRIBE_EMAIL_ALLOWED_DOMAINS",
    "SCRIBE_ALLOW_PRIVATE_URLS",
    "SCRIBE_MAX_MEDIA_BYTES",
    "SCRIBE_RETENTION_DAYS",
    "SCRIBE_REVIEW_MODE",
}


def test_env_example_names_exactly_the_settings_each_once() -> None:
    names = dotenv_names(ROOT / ".env.example")
    assert [name for name, n in Counter(names).items() if n > 1] == []
    assert set(names) - setting_names() == set(), "read by nothing"
    assert setting_names() - set(names) == set(), "read but not in .env.example"
    assert CONTRACT <= set(names)


def test_env_example_copied_as_is_changes_no_default() -> None:
    """Compose passes .env to every container, where a value would override what the
    compose file and the images choose per service (the GPU worker's model and device)."""
    copied = Settings(_env_file=ROOT / ".env.example")  # type: ignore[call-arg]
    assert copied == Settings(_env_file=None)  # type: ignore[call-arg]
