"""Files an operator pastes or copies: they must parse and match what the code reads."""

from __future__ import annotations

from pathlib import Path

import yaml

from core.settings import Settings, env_name

ROOT = Path(__file__).parent.parent


def test_slack_manifest_subscribes_to_what_scribe_handles() -> None:
    manifest = yaml.safe_load((ROOT / "deploy" / "slack-manifest.yaml").read_text())
    (command,) = manifest["features"]["slash_commands"]
    assert command["command"] == "/scribe"
    settings = manifest["settings"]
    urls = {
        command["url"],
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
    }
    assert {url.rsplit("/", 2)[-2:] == ["slack", "events"] for url in urls} == {True}
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "message.channels",
        "message.groups",
    }
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "files:write", "channels:history", "channels:join"} <= scopes


def test_env_example_names_exactly_the_settings() -> None:
    names = {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    }
    known = {env_name(field) for field in Settings.model_fields}
    assert names <= known, names - known
    contract = {
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
    assert contract <= names
    assert contract <= known


def test_compose_starts_commands_that_exist_with_settings_that_exist() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"redis", "receiver", "worker"}
    assert services["worker"]["command"] == ["scribe", "worker"]
    dockerfile = (ROOT / services["receiver"]["build"]["dockerfile"]).read_text()
    assert 'CMD ["scribe", "serve", "--host", "0.0.0.0", "--port", "8000"]' in dockerfile
    for package in ("core", "integrations", "bot", "worker", "scribe"):
        assert f"COPY {package} {package}" in dockerfile
    known = {env_name(field) for field in Settings.model_fields}
    for service in ("receiver", "worker"):
        assert set(services[service]["environment"]) <= known
        assert services[service]["depends_on"]["redis"]["condition"] == "service_healthy"
