"""Attendees as Slack users, so an action item's owner can be mentioned.

Mentions are built here from Slack's user ids, looked up by the attendees' email addresses
(`users.lookupByEmail`, scope users:read.email), and matched to an owner's name as the meeting
platform spelled it (the whole name, or the first name when only one attendee has it). Nothing
the model wrote can produce a mention: its text is escaped everywhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import structlog

from core.domain import Attendee
from core.errors import ScribeError
from integrations.slack.channel import SlackChannels

log = structlog.get_logger(__name__)


def name_keys(attendee: Attendee) -> list[str]:
    """The names an owner may be called by: the full name, the first name, the email's
    local part."""
    full = " ".join(attendee.name.split()).lower()
    keys = [full, full.split(" ")[0]] if full else []
    if attendee.email:
        keys.append(attendee.email.lower())
        keys.append(attendee.email.lower().partition("@")[0])
    return [k for k in dict.fromkeys(keys) if k]


async def slack_owners(channels: SlackChannels, attendees: Sequence[Attendee]) -> dict[str, str]:
    """Lower-cased names and emails of the attendees found in Slack, each to a user id. A
    name two attendees share maps to nobody."""
    found: dict[str, str] = {}
    counts = Counter(k for a in attendees for k in name_keys(a))
    for attendee in attendees:
        if not attendee.email:
            continue
        try:
            response = await channels.call("users.lookupByEmail", email=attendee.email)
        except ScribeError as exc:
            log.info("slack.user_not_found", reason=exc.message)
            continue
        user_id = str(response.get("user", {}).get("id", ""))
        if user_id:
            found.update({k: user_id for k in name_keys(attendee) if counts[k] == 1})
    return found
