"""What kind of thing a link or path points at, decided from its text alone (no request)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from core.domain import Source
from core.errors import BadRequest

DRIVE_NEEDS_ACCOUNT = (
    "Google Drive links need Scribe's service account: the operator sets "
    "GOOGLE_APPLICATION_CREDENTIALS (see the README)"
)
ZOOM_NEEDS_APP = (
    "Zoom recording links need Scribe's Zoom app: the operator sets ZOOM_ACCOUNT_ID, "
    "ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET (see the README)"
)
_DRIVE_FILE = re.compile(r"/(?:file|document|presentation|spreadsheets)/d/([\w-]{10,})")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


def is_link(text: str) -> bool:
    return bool(_SCHEME.match(text.strip()))


def classify_link(text: str) -> Source:
    """Classify an http(s) link as a Zoom recording, a Google Drive file or a direct link."""
    link = text.strip().strip("<>")
    parts = urlsplit(link)
    if parts.scheme.lower() not in {"http", "https"}:
        raise BadRequest(f"only http and https links are supported, not {parts.scheme or '?'}:")
    host = (parts.hostname or "").lower()
    if not host:
        raise BadRequest("that link has no host name")
    if (host == "zoom.us" or host.endswith(".zoom.us")) and parts.path.startswith("/rec/"):
        return Source(kind="zoom", ref=link)
    if host in {"drive.google.com", "docs.google.com"}:
        return Source(kind="drive", ref=_drive_file_id(link))
    return Source(kind="url", ref=link)


def _drive_file_id(link: str) -> str:
    parts = urlsplit(link)
    match = _DRIVE_FILE.search(parts.path)
    if match:
        return match.group(1)
    ids = parse_qs(parts.query).get("id")
    if ids:
        return ids[0]
    raise BadRequest("that Google Drive link does not name a file")


def classify_source(text: str) -> Source:
    """A link as above, anything else a local file path."""
    return classify_link(text) if is_link(text) else Source(kind="file", ref=text)
