"""Drive v3 through google-api-python-client, signed in as Scribe's service account.

The key file's `token_uri` is where google-auth trades its signed JWT for an access token, so
a proxy or a test server set there is used. The Drive base URL is SCRIBE_DRIVE_API_URL, and
the discovery document is the one bundled with the library (nothing is fetched at run time).

The client is synchronous and httplib2 is not thread-safe, so every call runs in a worker
thread on an Http object of its own (`_fresh_request`); the credentials are shared and
refreshed when the hour is up. Shared drives are included in every call that accepts it.
"""

from __future__ import annotations

import asyncio
import io
import socket
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any, TypeVar

import google_auth_httplib2  # type: ignore[import-untyped]
import httplib2  # type: ignore[import-untyped]
import structlog
from google.auth.exceptions import RefreshError
from google.oauth2 import service_account
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError
from googleapiclient.http import HttpRequest, MediaIoBaseDownload

from core.errors import BadRequest, ConfigError, Transient
from integrations.download.responses import fmt_size
from integrations.drive.config import DriveConfig
from integrations.drive.errors import NETWORK_ERRORS, translate
from integrations.drive.files import FILE_FIELDS, DriveFile

log = structlog.get_logger(__name__)

SCOPES = ("https://www.googleapis.com/auth/drive.readonly",)
CALL_TIMEOUT_S = 60.0
CHUNK_BYTES = 4 * 1024 * 1024  # httplib2 holds a whole chunk in memory
# The least progress a download must make, as for links (integrations/download/deadlines.py):
# 64 KB per SCRIBE_DOWNLOAD_STALL_S. httplib2 reads a chunk in one call, so it is checked per
# chunk: a chunk that takes longer than that rate allows is a stall.
STALL_BYTES = 64 * 1024
PAGE_SIZE = 100
CHANGE_FIELDS = (
    f"nextPageToken,newStartPageToken,changes(changeType,fileId,removed,file({FILE_FIELDS}))"
)
ALL_DRIVES = {"supportsAllDrives": True}
T = TypeVar("T")
Json = dict[str, Any]


class TooLarge(Exception):
    """Raised inside a download when the file passes the size limit."""


class _Limited(io.RawIOBase):
    """A file that refuses to grow past `limit` bytes."""

    def __init__(self, target: io.BufferedWriter, limit: int, meter: _Meter) -> None:
        super().__init__()
        self._target, self._limit, self._meter = target, limit, meter
        self.written = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.written += len(data)
        if self.written > self._limit:
            raise TooLarge
        written = self._target.write(data)
        self._meter.chunks += 1
        return written


class _Meter:
    """Chunks written so far, read by the watchdog on the event loop."""

    chunks = 0


class DriveApi:
    """The Drive calls Scribe makes; each raises core errors, never Google's."""

    def __init__(
        self,
        credentials: service_account.Credentials,
        *,
        api_url: str,
        chunk_bytes: int = CHUNK_BYTES,
        stall_s: float = 30.0,
    ) -> None:
        self._credentials = credentials
        self._chunk_bytes = chunk_bytes
        self._chunk_deadline_s = stall_s * max(1.0, chunk_bytes / STALL_BYTES)
        authorized = google_auth_httplib2.AuthorizedHttp(
            credentials, http=httplib2.Http(timeout=CALL_TIMEOUT_S)
        )
        self._drive: Any = build(
            "drive",
            "v3",
            http=authorized,
            requestBuilder=self._fresh_request,
            client_options={"api_endpoint": api_url},
            static_discovery=True,
            cache_discovery=False,
        )

    @property
    def email(self) -> str:
        """The service account's address: what people share files and folders with."""
        return str(self._credentials.service_account_email)

    def _fresh_request(self, http: Any, *args: Any, **kwargs: Any) -> HttpRequest:
        del http  # shared by the Resource: not safe to use from several threads
        own = google_auth_httplib2.AuthorizedHttp(
            self._credentials, http=httplib2.Http(timeout=CALL_TIMEOUT_S)
        )
        return HttpRequest(own, *args, **kwargs)

    async def start_page_token(self) -> str:
        body = await self._call(
            lambda d: d.changes().getStartPageToken(**ALL_DRIVES), "the start page token"
        )
        return str(body["startPageToken"])

    async def changes(self, page_token: str) -> Json:
        """One page of `changes.list` from `page_token`, shared drives included."""
        page: Json = await self._call(
            lambda d: d.changes().list(
                pageToken=page_token,
                pageSize=PAGE_SIZE,
                spaces="drive",
                includeItemsFromAllDrives=True,
                includeRemoved=True,
                fields=CHANGE_FIELDS,
                **ALL_DRIVES,
            ),
            "the change list",
        )
        return page

    async def watch(
        self, *, page_token: str, channel_id: str, address: str, token: str, expiration_ms: int
    ) -> Json:
        body = {
            "id": channel_id,
            "type": "web_hook",
            "address": address,
            "token": token,
            "expiration": expiration_ms,
        }
        channel: Json = await self._call(
            lambda d: d.changes().watch(
                pageToken=page_token,
                body=body,
                includeItemsFromAllDrives=True,
                spaces="drive",
                **ALL_DRIVES,
            ),
            "the push channel",
        )
        return channel

    async def stop(self, *, channel_id: str, resource_id: str) -> None:
        await self._call(
            lambda d: d.channels().stop(body={"id": channel_id, "resourceId": resource_id}),
            "stopping the old push channel",
        )

    async def file(self, file_id: str) -> DriveFile:
        body = await self._call(
            lambda d: d.files().get(fileId=file_id, fields=FILE_FIELDS, **ALL_DRIVES),
            "the file",
        )
        return DriveFile.model_validate(body)

    async def export_text(self, file_id: str) -> str:
        """A Google Doc as plain text (Docs have no bytes of their own to download)."""
        data = await self._call(
            lambda d: d.files().export(fileId=file_id, mimeType="text/plain"), "the document"
        )
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else str(data)
        return text

    async def download(self, file_id: str, path: Path, *, max_bytes: int) -> int:
        """The file's bytes into `path`, chunk by chunk; the bytes written."""
        request = self._drive.files().get_media(fileId=file_id, **ALL_DRIVES)
        meter = _Meter()
        work = asyncio.ensure_future(
            _in_thread(
                lambda: _closing(request, _download, path, max_bytes, self._chunk_bytes, meter),
                "the file",
            )
        )
        seen = 0
        while True:
            done, _ = await asyncio.wait({work}, timeout=self._chunk_deadline_s)
            if done:
                return work.result()
            if meter.chunks == seen:
                await _cut(request, work)
                raise Transient(
                    f"the download from Google Drive stalled: a {fmt_size(self._chunk_bytes)} "
                    f"part took over {self._chunk_deadline_s:g} s (SCRIBE_DOWNLOAD_STALL_S)"
                )
            seen = meter.chunks

    async def _call(self, build_request: Callable[[Any], Any], what: str) -> Any:
        return await _in_thread(
            lambda: _closing(build_request(self._drive), lambda r: r.execute()), what
        )


async def _in_thread(work: Callable[[], T], what: str) -> T:
    # No overall deadline: httplib2's socket timeout bounds each request (or chunk) instead,
    # and a thread cannot be cancelled anyway.
    return await asyncio.to_thread(_translated, work, what)


async def _cut(request: Any, work: asyncio.Future[Any]) -> None:
    """End a stalled download: its thread cannot be cancelled, but shutting its sockets wakes
    the blocked read, and the client's own retries are cut the same way as they connect."""
    for _ in range(40):
        for connection in list(request.http.http.connections.values()):
            sock = getattr(connection, "sock", None)
            if sock is not None:
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
        done, _ = await asyncio.wait({work}, timeout=0.25)
        if done:
            break
    if work.done() and not work.cancelled():
        work.exception()  # seen: the thread's error is the stall reported instead
    log.warning("drive.download_stalled")


def _closing(request: Any, work: Callable[..., T], *args: Any) -> T:
    """Run the request, then close its own connections (its Http is used once)."""
    try:
        return work(request, *args)
    finally:
        request.http.close()


def _translated(work: Callable[[], T], what: str) -> T:
    try:
        return work()
    except (HttpError, RefreshError, *NETWORK_ERRORS) as exc:
        raise translate(exc, what) from None


def _download(request: Any, path: Path, max_bytes: int, chunk_bytes: int, meter: _Meter) -> int:
    with path.open("wb") as raw:
        target = _Limited(raw, max_bytes, meter)
        downloader = MediaIoBaseDownload(target, request, chunksize=chunk_bytes)
        done = False
        try:
            while not done:
                _status, done = downloader.next_chunk(num_retries=2)
        except TooLarge:
            path.unlink(missing_ok=True)
            raise BadRequest(
                f"the file is larger than {fmt_size(max_bytes)} (SCRIBE_MAX_MEDIA_BYTES)"
            ) from None
        return target.written


def build_drive_api(
    config: DriveConfig, *, chunk_bytes: int = CHUNK_BYTES, stall_s: float | None = None
) -> DriveApi:
    """The API client, signed in with the key file (read now: a bad file fails at start-up)."""
    try:
        credentials = service_account.Credentials.from_service_account_file(  # type: ignore[no-untyped-call]
            str(config.credentials), scopes=list(SCOPES)
        )
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError(
            f"GOOGLE_APPLICATION_CREDENTIALS {config.credentials} is not a readable "
            f"service-account key file ({type(exc).__name__})"
        ) from None
    return DriveApi(
        credentials,
        api_url=config.api_url,
        chunk_bytes=chunk_bytes,
        stall_s=stall_s if stall_s is not None else config.stall_s,
    )
