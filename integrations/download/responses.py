"""Pure helpers that judge an HTTP response describing a remote file, before any byte is kept.

They pick a safe local file name (Content-Disposition, else the URL path, cut down to its
last segment so it can never climb out of the download folder), refuse web pages and types
that are neither media nor transcripts, enforce the size limit, and map status codes to
core.errors with our own wording: remote text never reaches a user-facing message.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from pathlib import PurePosixPath
from urllib.parse import unquote

import httpx

from core.errors import BadRequest, NotFound, Transient

_BINARY_TYPES = {"application/octet-stream", "application/ogg", "binary/octet-stream"}
_TEXT_TYPES = {"text/vtt", "text/plain", "application/x-subrip"}
_TEXT_EXTS = {".vtt", ".srt", ".txt"}
_MEDIA_EXTS = {
    ".mp3",
    ".m4a",
    ".wav",
    ".ogg",
    ".oga",
    ".opus",
    ".flac",
    ".aac",
    ".wma",
    ".amr",
    ".webm",
    ".mp4",
    ".m4v",
    ".mov",
    ".mkv",
    ".avi",
    ".3gp",
    ".mpeg",
    ".mpga",
}
_CD_EXT = re.compile(r"filename\*\s*=\s*([\w-]*)'[^']*'([^;\s]+)", re.IGNORECASE)
_CD_PLAIN = re.compile(r'filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))', re.IGNORECASE)


def fmt_size(n: float) -> str:
    units, i = ("bytes", "KB", "MB", "GB"), 0
    while n >= 1024 and i < len(units) - 1:
        n, i = n / 1024, i + 1
    return f"{n:.0f} bytes" if i == 0 else f"{n:.1f} {units[i]}"


def check_size(size: int | None, limit: int) -> None:
    if size is not None and size > limit:
        raise BadRequest(f"the file is {fmt_size(size)}, over the {fmt_size(limit)} limit")


def _sanitise(name: str) -> str:
    # Only the last path segment survives, so a name can never climb out of dest_dir.
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip().lstrip(".").strip()
    if len(name) > 120:
        suffix = PurePosixPath(name).suffix[:16]
        name = name[: 120 - len(suffix)] + suffix
    return name or "download"


def remote_filename(response: httpx.Response, url: httpx.URL) -> str:
    disposition = response.headers.get("content-disposition", "")
    if m := _CD_EXT.search(disposition):  # RFC 6266: filename* wins over filename
        try:
            return _sanitise(unquote(m[2], encoding=m[1] or "utf-8", errors="replace"))
        except LookupError:  # unknown charset label
            return _sanitise(unquote(m[2]))
    if m := _CD_PLAIN.search(disposition):
        return _sanitise(re.sub(r"\\(.)", r"\1", m[1]) if m[1] is not None else m[2])
    return _sanitise(unquote(url.path))


def check_type(content_type: str, filename: str) -> None:
    ext = PurePosixPath(filename).suffix.lower()
    if content_type == "text/html" or content_type.startswith("application/xhtml"):
        raise BadRequest("that link is a web page, not a recording or transcript")
    if content_type.startswith(("audio/", "video/")) or content_type in _BINARY_TYPES:
        return
    if content_type in _TEXT_TYPES and ext in _TEXT_EXTS:
        return
    # Servers often mislabel media; a known extension is hint enough (decoding checks later).
    if ext in _MEDIA_EXTS | _TEXT_EXTS and not content_type.startswith("text/"):
        return
    raise BadRequest(f"unsupported file type ({content_type or 'none given'}) for {filename}")


def _retry_after(value: str | None) -> float | None:
    """Retry-After is either a number of seconds or an HTTP date."""
    if not value or value.strip().isdigit():
        return float(value) if value else None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def raise_for_status(response: httpx.Response, host: str) -> None:
    code = response.status_code
    if 200 <= code < 300:
        return
    try:  # our phrase, not the server's: that would be remote text in a user-facing message
        phrase = f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        phrase = str(code)
    if code in (404, 410):
        raise NotFound(f"the link returned {phrase}")
    if code in (401, 403):
        raise NotFound(f"access denied ({code}) by {host}; the link may be private or expired")
    if code == 429:
        wait = _retry_after(response.headers.get("retry-after"))
        raise Transient(f"{host} is rate limiting downloads (429)", retry_after_s=wait)
    if code >= 500:
        raise Transient(f"{host} had a server error ({code})")
    raise BadRequest(f"the link returned an unexpected response ({phrase})")
