"""What reaches the Bolt app: only requests Slack signed, with bodies Bolt can read.

slack-bolt parses a body before it checks the signature (a body that is not JSON, or not
UTF-8, is a 500 without any secret), answers 500 to an `X-Slack-Request-Timestamp` that is not
a number, and logs the whole body at info level when a signature is wrong. So the receiver
checks the signature itself, on the raw bytes, before Bolt sees anything, and Bolt's own check
is turned off. Bodies that are signed but still unreadable (a `payload=` that is not a JSON
object, say) are refused with 400, never handed on.

Slack signs each request as `v0=` + hex(HMAC-SHA256(signing secret, "v0:{timestamp}:{body}"))
in `X-Slack-Signature`; requests older than five minutes are replays.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Mapping
from urllib.parse import parse_qsl

from slack_bolt.async_app import AsyncBoltRequest

REPLAY_WINDOW_S = 300


class Refused(Exception):
    """A request that goes no further, with the status and the reason to answer."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class Malformed(Exception):
    """A signed request whose body lacks what Slack always sends (a listener's 400)."""


def check_signature(
    secret: str,
    *,
    timestamp: str | None,
    signature: str | None,
    body: bytes,
    now: float | None = None,
) -> None:
    """Refused(401) unless Slack signed this body, lately."""
    if not timestamp or not signature:
        raise Refused(401, "missing signature")
    # Only ASCII digits: int() also reads "²" and "١٢٣", and reading huge numbers is slow.
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        raise Refused(401, "invalid signature timestamp")
    if abs((time.time() if now is None else now) - int(timestamp)) > REPLAY_WINDOW_S:
        raise Refused(401, "stale signature timestamp")
    base = b"v0:" + timestamp.encode() + b":" + body
    expected = b"v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest().encode()
    # Header values arrive as latin-1 text; compare bytes (compare_digest refuses non-ASCII str).
    if not hmac.compare_digest(expected, signature.encode("latin-1", "replace")):
        raise Refused(401, "invalid signature")


def is_ssl_check(body: bytes) -> bool:
    """Slack's certificate probe (`ssl_check=1`), which Bolt answers without a signature."""
    return len(body) < 200 and b"ssl_check=1" in body and not body.startswith(b"{")


def bolt_request(body: bytes, headers: Mapping[str, str]) -> AsyncBoltRequest:
    """The Bolt request for a signed body; Refused(400) when Bolt could not read it."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, "the body is not UTF-8") from None
    content_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json" and not text.startswith("{"):
        text = _hide_payload_word(text)
    try:
        request = AsyncBoltRequest(body=text, headers=dict(headers))
    except (ValueError, RecursionError):
        raise Refused(400, "the body is not valid JSON or form data") from None
    except (AttributeError, TypeError, KeyError, IndexError):
        # Bolt reads ids (team, user, channel, ...) from the body as it builds the request:
        # a list, a number or a string where it expects an object fails there.
        raise Refused(400, "the body does not have the shape Slack sends") from None
    return request


def _hide_payload_word(form: str) -> str:
    """Bolt takes any form body that contains the word "payload" for an interactivity payload
    (`payload=...`), so `/scribe https://x.example/payload.mp3` reached no listener. Where
    the form has no `payload` field, the word is percent-encoded: the same values, read
    right. (The signature was checked on the original bytes, and Bolt does not check again.)
    """
    if "payload" not in form:
        return form
    if any(name == "payload" for name, _ in parse_qsl(form, keep_blank_values=True)):
        return form
    return form.replace("payload", "%70ayload")
