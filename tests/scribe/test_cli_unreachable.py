"""A service Scribe delivers to is down: one line that says which one, where, and what to set."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from tests.scribe.helpers import ZOOM_VTT, assert_one_clear_line, closed_port_url, run


def test_unreachable_mail_server_is_named_with_its_address(tmp_path: Path) -> None:
    (tmp_path / "meeting.vtt").write_text(ZOOM_VTT, encoding="utf-8")
    nowhere = urlsplit(closed_port_url())

    result = run(
        ["process", "meeting.vtt", "--email", "dana@example.com"],
        tmp_path,
        OPENAI_API_KEY="",
        SCRIBE_SMTP_HOST=str(nowhere.hostname),
        SCRIBE_SMTP_PORT=str(nowhere.port),
        SCRIBE_EMAIL_FROM="scribe@example.com",
    )

    assert_one_clear_line(result, 1, f"the mail server {nowhere.hostname}:{nowhere.port}")
    assert "SCRIBE_SMTP_HOST" in result.stderr


def test_unreachable_slack_is_named_with_its_address(tmp_path: Path) -> None:
    (tmp_path / "meeting.vtt").write_text(ZOOM_VTT, encoding="utf-8")
    nowhere = f"{closed_port_url()}/api/"

    result = run(
        ["process", "meeting.vtt", "--channel", "C0TEAM"],
        tmp_path,
        OPENAI_API_KEY="",
        SLACK_BOT_TOKEN="xoxb-test",
        SCRIBE_SLACK_API_URL=nowhere,
    )

    assert_one_clear_line(result, 1, f"got no reply from {nowhere}")
    assert "SCRIBE_SLACK_API_URL" in result.stderr
