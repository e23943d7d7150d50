"""What someone asked for with `/scribe ...`, read from the command text alone."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.links import is_link

# Slack sends links as <https://...> or <https://...|label>.
_SLACK_LINK = re.compile(r"^<([^>|]+)(?:\|[^>]*)?>$")


@dataclass(frozen=True, slots=True)
class Help:
    note: str = ""


@dataclass(frozen=True, slots=True)
class Status:
    pass


@dataclass(frozen=True, slots=True)
class Summarize:
    link: str


Intent = Help | Status | Summarize


def _unescape(text: str) -> str:
    """Slack sends &, < and > in message text as entities: a presigned link's `&` arrives as
    `&amp;` and must be put back before the link is fetched."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def parse_command(text: str) -> Intent:
    words = text.strip().split()
    if not words:
        return Help(note="Give me a link to a recording, for example `/scribe https://...`.")
    first = words[0]
    if first.lower() in {"help", "?", "-h", "--help"}:
        return Help()
    if first.lower() == "status":
        return Status()
    match = _SLACK_LINK.match(first)
    link = _unescape(match.group(1) if match else first)
    if not is_link(link):
        return Help(note=f"`{first[:100]}` is not a link.")
    return Summarize(link=link)
