"""The Slack app manifest an operator pastes: it subscribes to what Scribe handles."""

from __future__ import annotations

import yaml

from tests.deploy.files import DEPLOY


def test_slack_manifest_subscribes_to_what_scribe_handles() -> None:
    manifest = yaml.safe_load((DEPLOY / "slack-manifest.yaml").read_text())
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
