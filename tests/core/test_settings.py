from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import ConfigError
from core.settings import Settings, env_name, load_settings


def test_contract_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    settings = load_settings()
    assert settings.redis_url == "redis://localhost:6379/0"
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.zoom_api_url == "https://api.zoom.us/v2"
    assert settings.zoom_oauth_url == "https://zoom.us/oauth/token"
    assert settings.drive_api_url == "https://www.googleapis.com/drive/v3/"
    assert settings.whisper_model == "tiny.en"
    assert (settings.whisper_device, settings.whisper_compute_type) == ("auto", "auto")
    assert (settings.smtp_port, settings.smtp_starttls) == (587, True)
    assert settings.email_allowed_domains == ()
    assert settings.allow_private_urls is False
    assert settings.max_media_bytes == 4 * 1024**3
    assert settings.retention_days == 30
    assert settings.review_mode == "off"
    assert settings.zoom_use_transcript is False
    assert not settings.llm_enabled


def test_contract_variable_names_are_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    env = {
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_SIGNING_SECRET": "s",
        "OPENAI_API_KEY": "sk-1",
        "OPENAI_BASE_URL": "http://llm.internal/v1",
        "ZOOM_WEBHOOK_SECRET_TOKEN": "z",
        "ZOOM_ACCOUNT_ID": "acc",
        "ZOOM_CLIENT_ID": "cid",
        "ZOOM_CLIENT_SECRET": "cs",
        "GOOGLE_APPLICATION_CREDENTIALS": "/etc/sa.json",
        "SCRIBE_EMAIL_ALLOWED_DOMAINS": "example.com, @Corp.org",
        "SCRIBE_MAX_MEDIA_BYTES": "1GiB",
        "SCRIBE_REVIEW_MODE": "host",
        "SCRIBE_SLACK_API_URL": "http://127.0.0.1:9/api",
        "SCRIBE_ALLOW_PRIVATE_URLS": "true",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings = load_settings()
    assert settings.slack_bot_token is not None
    assert settings.slack_bot_token.get_secret_value() == "xoxb-1"
    assert settings.openai_base_url == "http://llm.internal/v1"
    assert settings.llm_enabled
    assert settings.zoom_client_id == "cid"
    assert settings.google_application_credentials == Path("/etc/sa.json")
    assert settings.email_allowed_domains == ("example.com", "corp.org")
    assert settings.max_media_bytes == 1024**3
    assert settings.review_mode == "host"
    assert settings.slack_api_url == "http://127.0.0.1:9/api/"
    assert settings.allow_private_urls is True


def test_dotenv_file_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("SCRIBE_RETENTION_DAYS=7\nSLACK_BOT_TOKEN=xoxb-env\n")
    settings = load_settings()
    assert settings.retention_days == 7
    assert settings.slack_bot_token is not None


def test_bad_values_give_one_readable_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SCRIBE_RETENTION_DAYS", "soon")
    monkeypatch.setenv("SCRIBE_WHISPER_DEVICE", "tpu")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = caught.value.message
    assert "SCRIBE_RETENTION_DAYS" in message
    assert "SCRIBE_WHISPER_DEVICE" in message
    assert "'auto', 'cpu' or 'cuda'" in message


def test_secrets_never_print(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-very-secret")
    assert "sk-very-secret" not in repr(load_settings())


def test_empty_values_count_as_unset(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """`.env.example` copied to `.env` as the README says leaves most values empty."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(
        "SLACK_SIGNING_SECRET=\nSLACK_BOT_TOKEN=\nSCRIBE_SMTP_PORT=\nSCRIBE_REVIEW_MODE=\n"
    )
    settings = load_settings()
    assert settings.slack_signing_secret is None
    assert settings.slack_bot_token is None
    assert settings.smtp_port == 587
    assert settings.review_mode == "off"


def test_the_readme_documents_every_setting() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    missing = [env_name(f) for f in Settings.model_fields if f"`{env_name(f)}`" not in readme]

    assert missing == []
