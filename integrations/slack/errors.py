"""Slack's error codes, and what each means for Scribe: the one list of them.

Slack answers most refusals with HTTP 200 and `{"ok": false, "error": "<code>"}`; slack_sdk
raises SlackApiError for those. 429 is retried inside the client (client.py) first, and so are
5xx and dropped connections, but only for calls that are safe to repeat.

    Transient
    └── OutcomeUnknown   a call that may have acted (a post, a file share) got no usable reply:
                         look for what it did before doing it again (channel.py)
"""

from __future__ import annotations

import asyncio

import aiohttp
from slack_sdk.errors import SlackApiError, SlackRequestError

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
        "msg_blocks_too_long",
        "invalid_blocks",
    }
)
# The message is over Slack's size limits: a shorter one may go through.
TOO_LONG = frozenset({"msg_too_long", "msg_blocks_too_long"})
# Calls that change something each time they are made: a second try after a lost reply would
# post or share twice, so neither slack_sdk nor Scribe repeats them blindly.
NOT_REPEATABLE = frozenset(
    {
        "chat.postMessage",
        "chat.postEphemeral",
        "chat.meMessage",
        "files.completeUploadExternal",
        "files.upload_v2",  # slack_sdk's three steps, the last of which shares the file
    }
)
# What a call raises when Slack's reply never arrived whole.
NO_REPLY = (aiohttp.ClientError, asyncio.TimeoutError, SlackRequestError)


class OutcomeUnknown(Transient):
    """A call that changes something got no usable reply: Slack may or may not have acted."""


class SlackRefused(StageFailed):
    """Slack refused a call for good; `error` is Slack's code."""

    def __init__(self, message: str, *, error: str) -> None:
        super().__init__(message, stage="deliver")
        self.error = error


def error_code(exc: SlackApiError) -> str:
    # A 5xx from a proxy in front of Slack carries an HTML or text body, not Slack's JSON.
    data = exc.response.data
    return str(data.get("error", "unknown_error")) if isinstance(data, dict) else "unknown_error"


def translate_slack_error(exc: SlackApiError, method: str) -> ScribeError:
    error = error_code(exc)
    if error in PERMANENT:
        return SlackRefused(f"Slack refused {method}: {error}", error=error)
    if exc.response.status_code >= 500 and method in NOT_REPEATABLE:
        return OutcomeUnknown(f"Slack {method} failed: HTTP {exc.response.status_code}")
    retry_after = exc.response.headers.get("Retry-After") if exc.response.headers else None
    return Transient(
        f"Slack {method} failed: {error}",
        retry_after_s=float(retry_after) if retry_after else None,
    )


def translate_no_reply(exc: Exception, method: str, *, base_url: str) -> Transient:
    """The connection broke or timed out before Slack's reply arrived: which call, where, and
    what to check (a mistyped SCRIBE_SLACK_API_URL or a proxy is the usual cause)."""
    reason = (
        f"Slack {method} got no reply from {base_url} ({type(exc).__name__}): "
        "check SCRIBE_SLACK_API_URL and this host's network"
    )
    return OutcomeUnknown(reason) if method in NOT_REPEATABLE else Transient(reason)
