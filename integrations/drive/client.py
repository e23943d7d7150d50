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
from collections.abc import Callable
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

from core.errors import BadRequest, ConfigError
from integrations.download.responses import fmt_size
from integrations.drive.config import DriveConfig
from integrations.drive.errors import NETWORK_ERRORS, translate
from integrations.drive.files import FILE_FIELDS, DriveFile

log = structlog.get_logger(__name__)

SCOPES = ("https://www.googleapis.com/auth/drive.readonly",)
CALL_TIMEOUT_S = 60.0
CHUNK_BYTES = 8 * 1024 * 1024  # httplib2 holds a whole chunk in memory
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

    def __init__(self, target: io.BufferedWriter, limit: int) -> None:
        super().__init__()
        self._target, self._limit, self.written = target, limit, 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.written += len(data)
        if self.written > self._limit:
            raise TooLarge
        return self._target.write(data)


class DriveApi:
    """The Drive calls Scribe makes; each raises core errors, never Google's."""

    def __init__(
        self,
        credentials: service_account.Credentials,
        *,
        api_url: str,
        chunk_bytes: int = CHUNK_BYTES,
    ) -> None:
        self._credentials = credentials
        self._chunk_bytes = chunk_bytes
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
        return await _in_thread(
            lambda: _closing(request, _download, path, max_bytes, self._chunk_bytes), "the file"
        )

    async def _call(self, build_request: Callable[[Any], Any], what: str) -> Any:
        return await _in_thread(
            lambda: _closing(build_request(self._drive), lambda r: r.execute()), what
        )


async def _in_thread(work: Callable[[], T], what: str) -> T:
    # No overall deadline: httplib2's socket timeout bounds each request (or chunk) instead,
    # and a thread cannot be cancelled anyway.
    return await asyncio.to_thread(_translated, work, what)


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


def _download(request: Any, path: Path, max_bytes: int, chunk_bytes: int) -> int:
    with path.open("wb") as raw:
        target = _Limited(raw, max_bytes)
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


def build_drive_api(config: DriveConfig, *, chunk_bytes: int = CHUNK_BYTES) -> DriveApi:
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
    return DriveApi(credentials, api_url=config.api_url, chunk_bytes=chunk_bytes)
