"""Links as they may be shown, stored or logged: without what can carry a secret.

A presigned link (S3's `X-Amz-Signature=`, Zoom's `?pwd=`, a CDN token) carries its secret in
the query string, sometimes in user info or the fragment. Only the fetch itself uses the full
link (the queued job keeps it); Slack messages, stored job records and logs get these forms.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from core.domain import Source

REDACTED = "[redacted]"

# A link starts where a URL cannot go on from the character before it, so "http://http://..."
# is one candidate, not one per "http": each character is looked at a bounded number of times.
_LINK = re.compile(
    r"(?<![\w/.%~+-])(?P<scheme>https?://)(?P<user>[^\s/?#@\"'<>]*@)?"
    r"(?P<rest>[^\s?#\"'<>\x1b]*)(?P<query>[?#][^\s\"'<>\x1b]*)?",
    re.IGNORECASE,
)


def shown_link(ref: str) -> str:
    """An http(s) link without its query string, fragment or user info; other text as it is."""
    try:
        parts = urlsplit(ref)
    except ValueError:
        return redact_links(ref)
    if parts.scheme.lower() not in ("http", "https"):
        return ref
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def shown_source(source: Source) -> Source:
    """The source as job records and results keep it: its link shown, not the full one."""
    shown = shown_link(source.ref)
    return source if shown == source.ref else source.model_copy(update={"ref": shown})


def redact_links(text: str) -> str:
    """Every http(s) link in text with its query string, fragment and user info replaced."""
    if "://" not in text:
        return text
    return _LINK.sub(_redacted, text)


def _redacted(match: re.Match[str]) -> str:
    user = f"{REDACTED}@" if match["user"] else ""
    query = f"?{REDACTED}" if match["query"] else ""
    return f"{match['scheme']}{user}{match['rest']}{query}"
