"""What the internet can send a real `scribe serve`: huge, unsigned, badly signed and
malformed requests. Each gets 4xx (never 500), nothing is queued, the receiver stays up, and
its log holds no traceback and nothing of a body it did not verify."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.parse
from collections.abc import Iterator

import httpx
import pytest
import redis

from integrations.slack.review import APPROVE, DISCARD
from integrations.zoom.webhook import sign
from tests.bot.conftest import SIGNING_SECRET
from tests.bot.processes import Served, scribe_serve
from tests.fakes.server import serving
from tests.fakes.slack_api import FakeSlack

ZOOM_SECRET = "zoom-webhook-secret"
MARKER = "PLANTED-BODY-MARKER-5f1c"
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


@pytest.fixture(scope="module")
def served(redis_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serving(FakeSlack()) as slack:
        env = {
            "SCRIBE_REDIS_URL": redis_server,
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SCRIBE_SLACK_API_URL": f"{slack.url}/api/",
            "ZOOM_WEBHOOK_SECRET_TOKEN": ZOOM_SECRET,
            "SCRIBE_LOG_LEVEL": "debug",  # whatever is logged at all, the test sees
        }
        with scribe_serve(env, tmp_path_factory.mktemp("serve")) as server:
            yield server


def post(served: Served, path: str, body: bytes, headers: dict[str, str]) -> httpx.Response:
    # Header values go on the wire as latin-1, as a hostile client may send them.
    raw = {name.encode(): value.encode("latin-1") for name, value in headers.items()}
    return httpx.post(f"{served.url}{path}", content=body, headers=raw, timeout=10)


def slack_signed(body: bytes, content_type: str) -> dict[str, str]:
    stamp = str(int(time.time()))
    digest = hmac.new(SIGNING_SECRET.encode(), f"v0:{stamp}:".encode() + body, hashlib.sha256)
    return {
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": "v0=" + digest.hexdigest(),
        "Content-Type": content_type,
    }


def form_payload(value: object) -> bytes:
    return b"payload=" + urllib.parse.quote(json.dumps(value)).encode()


def envelope(event: object, **extra: object) -> bytes:
    fields = {"type": "event_callback", "event_id": "Ev0", "event": event, **extra}
    return json.dumps(fields).encode()


def assert_clean_log(served: Served) -> None:
    text = served.log_text()
    assert MARKER not in text
    assert "Traceback" not in text
    assert '"exception"' not in text
    assert '"level": "error"' not in text
    assert served.process.poll() is None


def assert_nothing_queued(redis_url: str) -> None:
    with redis.Redis.from_url(redis_url) as client:
        assert client.zcard("arq:queue") == 0
        assert client.zcard("arq:queue:answers") == 0


UNSIGNED = {
    "no signature": {"Content-Type": JSON},
    "wrong signature": {
        "Content-Type": JSON,
        "X-Slack-Request-Timestamp": str(int(time.time())),
        "X-Slack-Signature": "v0=" + "0" * 64,
    },
    "timestamp not a number": {
        "Content-Type": FORM,
        "X-Slack-Request-Timestamp": "abc",
        "X-Slack-Signature": "v0=00",
    },
    "timestamp in other digits": {
        "Content-Type": FORM,
        "X-Slack-Request-Timestamp": "\u00b2\u00b3",
        "X-Slack-Signature": "v0=00",
    },
    "signature not ascii": {
        "Content-Type": FORM,
        "X-Slack-Request-Timestamp": str(int(time.time())),
        "X-Slack-Signature": "v0=\u00e9\u00e9",
    },
}


@pytest.mark.parametrize(
    "body",
    [
        f'{{"type": "event_callback", "event": {{"text": "{MARKER}"}}}}'.encode(),
        f"{{not json {MARKER}".encode(),
        MARKER.encode() + b"\xff\xfe not utf-8",
        f"token=x&command=/scribe&text={MARKER}".encode(),
    ],
    ids=["json", "broken json", "not utf-8", "form"],
)
@pytest.mark.parametrize("case", list(UNSIGNED))
def test_unsigned_slack_requests_get_401_and_nothing_of_them_is_logged(
    served: Served, redis_url: str, case: str, body: bytes
) -> None:
    answer = post(served, "/slack/events", body, UNSIGNED[case])
    assert answer.status_code == 401
    assert_nothing_queued(redis_url)
    assert_clean_log(served)


def test_an_unsigned_body_over_the_cap_gets_413_and_is_not_logged(served: Served) -> None:
    body = (MARKER * (2 * 1024 * 1024 // len(MARKER))).encode()
    for path in ("/slack/events", "/webhooks/zoom"):
        answer = post(served, path, body, {"Content-Type": JSON})
        assert answer.status_code == 413
    assert_clean_log(served)


SIGNED_MALFORMED = {
    "payload not json": b"payload=%7Bnot",
    "payload a list": form_payload([1, 2]),
    "payload a string": form_payload("x"),
    "actions a string": form_payload({"type": "block_actions", "actions": "x", "user": "U1"}),
    "approve without a job": form_payload(
        {
            "type": "block_actions",
            "user": {"id": "U1"},
            "actions": [{"action_id": APPROVE, "value": "{}"}],
        }
    ),
    "approve without a user": form_payload(
        {
            "type": "block_actions",
            "actions": [{"action_id": DISCARD, "value": "{}"}],
        }
    ),
    "json a list": b"[1]",
    "json nested too deep": b"[" * 100_000,
    "not utf-8": b'{"type": "event_callback", "x": "\xff"}',
    "event a string": envelope("x"),
    "authorizations a string": envelope({"type": "message"}, authorizations="x", team_id=[1]),
    "thread reply without channel": envelope(
        {"type": "message", "text": "hi", "user": "U1", "ts": "2.0", "thread_ts": "1.0"}
    ),
    "thread reply with a numeric ts": envelope(
        {"type": "message", "channel": "C1", "text": "hi", "user": "U1", "ts": 2, "thread_ts": 1}
    ),
    "command without channel": b"command=%2Fscribe&text=status&user_id=U1",
    "command without user": b"command=%2Fscribe&text=status&channel_id=C1",
}


@pytest.mark.parametrize("case", list(SIGNED_MALFORMED))
def test_signed_malformed_slack_bodies_get_400_without_a_traceback(
    served: Served, redis_url: str, case: str
) -> None:
    body = SIGNED_MALFORMED[case]
    content_type = JSON if body.startswith((b"{", b"[")) else FORM
    answer = post(served, "/slack/events", body, slack_signed(body, content_type))
    assert answer.status_code == 400, answer.text
    assert_nothing_queued(redis_url)
    assert_clean_log(served)


def zoom_signed(body: bytes) -> dict[str, str]:
    stamp = str(int(time.time()))
    return {"x-zm-request-timestamp": stamp, "x-zm-signature": sign(ZOOM_SECRET, stamp, body)}


@pytest.mark.parametrize(
    "headers,status",
    [
        ({"x-zm-request-timestamp": "\u00b2", "x-zm-signature": "v0=00"}, 401),
        ({"x-zm-request-timestamp": "abc", "x-zm-signature": "v0=00"}, 401),
        ({"x-zm-request-timestamp": str(int(time.time())), "x-zm-signature": "v0=\u00e9"}, 401),
        (None, 400),  # signed, but nested too deep to parse
    ],
    ids=["other digits", "not a number", "signature not ascii", "deep json"],
)
def test_malformed_zoom_webhooks_get_4xx_without_a_traceback(
    served: Served, redis_url: str, headers: dict[str, str] | None, status: int
) -> None:
    body = b"[" * 100_000 if headers is None else f'{{"event": "{MARKER}"}}'.encode()
    answer = post(served, "/webhooks/zoom", body, headers or zoom_signed(body))
    assert answer.status_code == status
    assert_nothing_queued(redis_url)
    text = served.log_text()
    assert "Traceback" not in text and '"exception"' not in text
    if headers is not None:
        assert MARKER not in text


def test_a_link_with_the_word_payload_in_it_reaches_the_command(served: Served) -> None:
    """Bolt took any form body containing "payload" for an interactivity payload."""
    form = {
        "command": "/scribe",
        "text": "ftp://files.example.com/payload.mp3",
        "channel_id": "C1",
        "user_id": "U1",
    }
    body = urllib.parse.urlencode(form).encode()
    answer = post(served, "/slack/events", body, slack_signed(body, FORM))
    assert answer.status_code == 200
    assert "only http and https" in answer.text
