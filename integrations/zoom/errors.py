"""What Zoom's REST answers mean for Scribe, in core.errors' terms.

Zoom's error body is `{"code": <int>, "message": "..."}`. 429 and 5xx -> Transient (429
carries Retry-After, which Zoom sends in seconds, or as a date for daily limits); 404 and 403
-> NotFound; a 401 that survives a fresh token, a missing scope or refused credentials ->
ConfigError; other 4xx -> BadRequest.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from core.errors import BadRequest, ConfigError, NotFound, ScribeError, Transient

CREDENTIALS = "ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET"
_SCOPE_CODES = frozenset({4700, 4711})  # "Invalid access token, does not contain scopes"


def read_response(response: requests.Response, what: str) -> dict[str, Any]:
    if not 200 <= response.status_code < 300:
        raise error_for(response, what)
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise Transient(f"Zoom's answer about {what} was unreadable")
    return body


def error_for(response: requests.Response, what: str) -> ScribeError:
    status = response.status_code
    code, message = _zoom_error(response)
    detail = f"{message} (Zoom code {code})" if code is not None else message
    if status == 429:
        retry = retry_after_s(response.headers.get("Retry-After"))
        return Transient(f"Zoom is rate limiting requests for {what}", retry_after_s=retry)
    if status >= 500 or status == 408:
        return Transient(f"Zoom failed to answer about {what} (HTTP {status})")
    if status in (403, 404):
        return NotFound(f"Zoom could not find {what}: {detail}")
    if status == 401:
        return ConfigError(f"Zoom refused the app's access token: {detail}; check {CREDENTIALS}")
    if code in _SCOPE_CODES:
        return ConfigError(f"the Zoom app lacks a scope: {detail}")
    return BadRequest(f"Zoom refused the request for {what}: {detail}")


def _zoom_error(response: requests.Response) -> tuple[int | None, str]:
    """Zoom's error body is `{"code": 3001, "message": "..."}`."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        code = body.get("code")
        return (code if isinstance(code, int) else None), body["message"]
    return None, f"HTTP {response.status_code} {response.reason or ''}".strip()


def retry_after_s(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: seconds, an ISO date (Zoom's daily limits)
    or an HTTP date."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
