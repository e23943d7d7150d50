"""Links lose what can carry a secret wherever they are shown, stored or logged."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
import structlog

from core.domain import Source
from core.log import configure_logging
from core.redact import redact_links, shown_link, shown_source

SECRET = "X-Amz-Signature=5ec7e7deadbeef"
SIGNED = f"https://bucket.s3.amazonaws.com/rec/Weekly%20Sync.m4a?X-Amz-Expires=600&{SECRET}"


def test_a_shown_link_has_no_query_fragment_or_user_info() -> None:
    assert shown_link(SIGNED) == "https://bucket.s3.amazonaws.com/rec/Weekly%20Sync.m4a"
    assert shown_link("https://me:pw@h.example:8443/a.mp3#t=1") == "https://h.example:8443/a.mp3"
    assert shown_link("/home/ana/meeting.m4a") == "/home/ana/meeting.m4a"  # not a link
    assert shown_link("Weekly sync?") == "Weekly sync?"


def test_a_shown_source_keeps_kind_and_title() -> None:
    source = shown_source(Source(kind="url", ref=SIGNED, title="Sync"))
    assert source == Source(kind="url", ref=shown_link(SIGNED), title="Sync")


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        (
            f'HTTP Request: GET {SIGNED} "HTTP/1.1 200 OK"',
            "HTTP Request: GET https://bucket.s3.amazonaws.com/rec/Weekly%20Sync.m4a?[redacted]"
            ' "HTTP/1.1 200 OK"',
        ),
        (
            f"{{'source': {{'ref': '{SIGNED}'}}}}",
            "{'source': {'ref': 'https://bucket.s3.amazonaws.com/rec/Weekly%20Sync.m4a?[redacted]'}}",
        ),
        ("go to http://u:p@h/x", "go to http://[redacted]@h/x"),
        ("no links here? none", "no links here? none"),
        ("http://http://h/a?b=1", "http://http://h/a?[redacted]"),
    ],
)
def test_links_in_text_are_redacted(text: str, redacted: str) -> None:
    assert redact_links(text) == redacted


@pytest.fixture
def logging_restored() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    httpx_level = logging.getLogger("httpx").level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(httpx_level)
    structlog.reset_defaults()


@pytest.mark.usefixtures("logging_restored")
@pytest.mark.parametrize("fmt", ["json", "console"])
def test_no_log_line_carries_a_links_query(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(level="info", fmt=fmt)  # type: ignore[arg-type]
    structlog.get_logger("scribe.test").info("download.started", url=SIGNED)
    logging.getLogger("arq.worker").info("job(%r)", {"ref": SIGNED})
    logging.getLogger("httpx").info("HTTP Request: GET %s", SIGNED)  # lowered to warning
    try:
        raise ValueError(f"fetching {SIGNED} failed")
    except ValueError:
        structlog.get_logger("scribe.test").exception("download.failed")
    lines = capsys.readouterr().err.splitlines()
    assert SECRET not in "\n".join(lines)
    assert not [line for line in lines if "httpx" in line]
    assert any("download.started" in line and "?[redacted]" in line for line in lines)
    if fmt == "json":
        first = json.loads(lines[0])
        assert first["url"] == "https://bucket.s3.amazonaws.com/rec/Weekly%20Sync.m4a?[redacted]"
