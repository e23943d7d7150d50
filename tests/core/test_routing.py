from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import ConfigError
from core.routing import Meeting, load_routes

ROUTES = """
routes:
  - topic: "*1:1*"
    skip: true
  - topic: "*[no-scribe]*"
    skip: true
  - host_email: CTO@example.com
    channel: C0LEAD
  - topic: "billing*"
    channel: C0BILLING
  - drive_folder: folder-42
    channel: C0DRIVE
"""


def routes_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "routes.yaml"
    path.write_text(text)
    return path


def test_the_first_matching_rule_wins_else_the_default(tmp_path: Path) -> None:
    routes = load_routes(routes_file(tmp_path, ROUTES), default_channel="C0DEFAULT")
    assert routes.route(Meeting(topic="Billing sync", host_email="cto@example.com")).channel == (
        "C0LEAD"
    )
    assert routes.route(Meeting(topic="BILLING review")).channel == "C0BILLING"
    assert routes.route(Meeting(topic="x", folders=("folder-42",))).channel == "C0DRIVE"
    fallback = routes.route(Meeting(topic="Weekly sync"))
    assert fallback.channel == "C0DEFAULT"
    assert not fallback.skip


def test_opt_out_rules_skip_the_meeting_and_say_why(tmp_path: Path) -> None:
    routes = load_routes(routes_file(tmp_path, ROUTES), default_channel="C0DEFAULT")
    for topic in ("Ana / Ben 1:1", "Offsite planning [no-scribe]"):
        route = routes.route(Meeting(topic=topic, host_email="cto@example.com"))
        assert route.skip
        assert route.channel is None
        assert "opt-out" in route.why


def test_without_a_routes_file_everything_goes_to_the_default_channel() -> None:
    routes = load_routes(None, default_channel="C0DEFAULT")
    assert routes.route(Meeting(topic="anything")).channel == "C0DEFAULT"
    assert load_routes(None, default_channel=None).route(Meeting()).channel is None


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("routes: [{topic: '*', channel: C1, skip: true}]", "either channel or skip"),
        ("routes: [{channel: C1}]", "host_email, topic or drive_folder"),
        ("routes: [{topic: x, chanel: C1}]", "chanel"),
        ("routes: [unclosed", "not valid YAML"),
    ],
)
def test_a_bad_routes_file_is_refused_at_start_naming_the_file(
    tmp_path: Path, text: str, says: str
) -> None:
    path = routes_file(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_routes(path, default_channel=None)
    assert "SCRIBE_ROUTES_FILE" in caught.value.message
    assert says in caught.value.message


def test_a_missing_routes_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="SCRIBE_ROUTES_FILE"):
        load_routes(tmp_path / "nope.yaml", default_channel=None)
