"""What Drive's answers mean for Scribe, in core.errors' terms.

Google's error body is `{"error": {"code", "message", "errors": [{"reason", ...}]}}`. 429, 5xx
and the rate-limit reasons of 403 -> Transient; 404 and other 403s -> NotFound (a file not
shared with the service account is a 404 "File not found"); 401 -> ConfigError; other 4xx ->
BadRequest. A refused key at the token endpoint is a ConfigError; network trouble Transient.
"""

from __future__ import annotations

import json
import socket

import httplib2  # type: ignore[import-untyped]
from google.auth.exceptions import RefreshError, TransportError
from googleapiclient.errors import HttpError

from core.errors import BadRequest, ConfigError, NotFound, ScribeError, Transient

CREDENTIALS = "GOOGLE_APPLICATION_CREDENTIALS"
_RATE_REASONS = frozenset(
    {"rateLimitExceeded", "userRateLimitExceeded", "sharingRateLimitExceeded", "backendError"}
)
# What can go wrong below an HTTP answer: these are worth another try.
NETWORK_ERRORS = (httplib2.HttpLib2Error, TransportError, OSError, socket.timeout)


def translate(exc: Exception, what: str) -> ScribeError:
    """Scribe's error for a failed Drive call about `what`."""
    if isinstance(exc, HttpError):
        return _from_http(exc, what)
    if isinstance(exc, RefreshError):
        return ConfigError(
            f"Google refused the service account's key ({_first_line(exc)}); check {CREDENTIALS}"
        )
    return Transient(f"Google Drive could not be reached ({what}): {type(exc).__name__}")


def _from_http(exc: HttpError, what: str) -> ScribeError:
    status = int(exc.resp.status)
    reason, message = _google_error(exc)
    if status == 429 or status >= 500 or reason in _RATE_REASONS:
        retry = exc.resp.get("retry-after")
        delay = float(retry) if retry and str(retry).isdigit() else None
        return Transient(f"Google Drive is busy ({what}, HTTP {status})", retry_after_s=delay)
    if status in (403, 404):
        return NotFound(f"Google Drive refused {what}: {message}")
    if status == 401:
        return ConfigError(f"Google Drive refused the service account's token; check {CREDENTIALS}")
    return BadRequest(f"Google Drive refused {what}: {message}")


def _google_error(exc: HttpError) -> tuple[str, str]:
    try:
        body = json.loads(exc.content)
        error = body["error"]
        reasons = [e.get("reason", "") for e in error.get("errors", ()) if isinstance(e, dict)]
        return (reasons[0] if reasons else ""), str(error.get("message", ""))[:200]
    except (ValueError, KeyError, TypeError, AttributeError):
        return "", f"HTTP {exc.resp.status}"


def _first_line(exc: Exception) -> str:
    text = str(exc.args[0]) if exc.args else type(exc).__name__
    return text.splitlines()[0][:200]
