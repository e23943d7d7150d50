"""Slack's error codes, and what each means for Scribe: the one list of them.

Slack answers most refusals with HTTP 200 and `{"ok": false, "error": "<code>"}`; slack_sdk
raises SlackApiError for those. 429 and 5xx are retried inside the client (client.py) first.
"""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

from core.errors import ScribeError, StageFailed, Transient

# Scribe is not in the channel, or cannot see it: invite it.
NOT_A_MEMBER = frozenset({"not_in_channel", "channel_not_found"})
# Channels Scribe cannot join by itself (private, direct messages, archived).
CANNOT_JOIN = frozenset(
    {"method_not_supported_for_channel_type", "channel_not_found", "is_archived"}
)
# Refusals that another try cannot change.
PERMANENT = frozenset(
    {
        *NOT_A_MEMBER,
        "is_archived",
        "invalid_auth",
        "account_inactive",
        "token_revoked",
        "missing_scope",
        "restricted_action",
        "msg_too_long",
        "invalid_blocks",
    }
)


class SlackRefused(StageFailed):
    """Slack refused a call for good; `error` is Slack's code."""

    def __init__(self, message: str, *, error: str) -> None:
        super().__init__(message, stage="deliver")
        self.error = error


def error_code(exc: SlackApiError) -> str:
    return str(exc.response.get("error", "unknown_error"))


def translate_slack_error(exc: SlackApiError, method: str) -> ScribeError:
    error = error_code(exc)
    if error in PERMANENT:
        return SlackRefused(f"Slack refused {method}: {error}", error=error)
    retry_after = exc.response.headers.get("Retry-After") if exc.response.headers else None
    return Transient(
        f"Slack {method} failed: {error}",
        retry_after_s=float(retry_after) if retry_after else None,
    )
