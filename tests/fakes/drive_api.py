"""A loopback imitation of Google's OAuth token endpoint and the Drive v3 calls Scribe makes.

What it checks and answers, after Google's documentation (PROTOCOLS.md section 2):
- `POST /token` takes the service account's JWT grant
  (`grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`, `assertion=<JWT>`): the RS256
  signature is verified with the public half of the key the test generated, and `iss`, `aud`
  (Google's token endpoint, as google-auth always writes it), `scope`, `iat` and `exp` are
  checked; bad grants get 400 `invalid_grant`. A good one gets a bearer token for an hour.
- `/drive/v3/...` wants `Authorization: Bearer <token>`, else 401 in Google's error shape.
- `changes/startPageToken`, `changes` (pages of `page_size`, then `newStartPageToken`),
  `changes/watch` (the expiration given is capped at `max_channel_s`, as Drive caps it),
  `channels/stop` (404 for a channel it does not know), `files/{id}` (404 "File not found"
  for a file not shared with the service account), `files/{id}?alt=media` (Range requests,
  answered 206; 403 `fileNotDownloadable` for Google Docs) and `files/{id}/export`.
Every request is recorded in `calls`.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import secrets
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse, StreamingResponse

from tests.fakes.drive_state import (
    FOLDER,
    GOOGLE_DOC,
    JWT_GRANT,
    SERVICE_ACCOUNT,
    WEEK_S,
    DriveCall,
    DriveFile,
    check_assertion,
    error,
    ranged,
    scripted_error,
    write_service_account_key,
)
from tests.fakes.server import serving

Json = dict[str, Any]
__all__ = ["FOLDER", "GOOGLE_DOC", "SERVICE_ACCOUNT", "DriveCall", "FakeDrive", "drive_headers",
           "serve_drive"]  # fmt: skip


class FakeDrive:
    """Google's token endpoint and Drive v3. Arrange it with `register_key`, `add_file`,
    `update_file`, `trash_file`; read `calls`, `channels` and `stopped`."""

    def __init__(self, *, page_size: int = 2, max_channel_s: int = WEEK_S) -> None:
        self.url = ""  # set while served
        self.page_size = page_size
        self.max_channel_s = max_channel_s
        self.calls: list[DriveCall] = []
        self.files: dict[str, DriveFile] = {}
        self.changelog: list[tuple[str, str]] = []  # (file id, time), one entry per change
        self.channels: dict[str, Json] = {}
        self.stopped: list[Json] = []
        self.tokens: set[str] = set()
        self.grants = 0
        self.failures: dict[str, list[int]] = {}  # path suffix -> statuses to answer first
        self.held: threading.Event | None = None  # set: requests wait until it is released
        self.drip_s: float | None = None  # set: media bodies come one byte per this many s
        self._keys: dict[str, RSAPublicKey] = {}
        self._ids = itertools.count(1)
        self.lock = threading.Lock()
        self.app = FastAPI()
        self.app.middleware("http")(self._record)
        self.app.post("/token")(self._token)
        v3 = "/drive/v3"
        self.app.get(v3 + "/changes/startPageToken")(self._start_token)
        self.app.get(v3 + "/changes")(self._changes)
        self.app.post(v3 + "/changes/watch")(self._watch)
        self.app.post(v3 + "/channels/stop")(self._stop)
        self.app.get(v3 + "/files/{file_id}")(self._file)
        self.app.get(v3 + "/files/{file_id}/export")(self._export)

    # -- arranging -------------------------------------------------------------------------
    def register_key(self, email: str, public_key: RSAPublicKey) -> None:
        self._keys[email] = public_key

    def add_file(
        self,
        name: str,
        *,
        parents: list[str],
        content: bytes = b"",
        mime_type: str = "audio/wav",
        owner: str | None = None,
        shared: bool = True,
    ) -> str:
        file_id = f"file{next(self._ids):04d}" + secrets.token_hex(6)
        owners = [{"emailAddress": owner, "displayName": owner.split("@")[0]}] if owner else []
        with self.lock:
            self.files[file_id] = DriveFile(
                file_id, name, mime_type, parents, content, owners, shared=shared
            )
            self._changed(file_id)
        return file_id

    def update_file(self, file_id: str, **changes: Any) -> None:
        with self.lock:
            file = self.files[file_id]
            for name, value in changes.items():
                setattr(file, name, value)
            file.version += 1
            self._changed(file_id)

    def fail_next(self, path_suffix: str, *statuses: int) -> None:
        """Answer the next requests whose path ends so with these error statuses."""
        self.failures.setdefault(path_suffix, []).extend(statuses)

    def hold(self) -> threading.Event:
        """Keep API requests waiting until the returned event is set."""
        self.held = threading.Event()
        return self.held

    def trash_file(self, file_id: str) -> None:
        self.update_file(file_id, trashed=True)

    def touch(self, file_id: str) -> None:
        """A change that leaves the content as it was (a re-upload of the same bytes)."""
        self.update_file(file_id)

    def _changed(self, file_id: str) -> None:
        now = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        self.files[file_id].modified = now
        self.changelog.append((file_id, now))

    # -- reading -----------------------------------------------------------------------------
    def api_calls(self, path_suffix: str = "") -> list[DriveCall]:
        return [c for c in self.calls if c.path.startswith("/drive/") and
                c.path.endswith(path_suffix)]  # fmt: skip

    def change_reads(self) -> int:
        return len(self.api_calls("/changes"))

    # -- serving -------------------------------------------------------------------------------
    async def _record(self, request: Request, call_next: Any) -> Response:
        raw = await request.body()
        body = json.loads(raw) if raw and raw[:1] == b"{" else None
        call = DriveCall(request.method, request.url.path, dict(request.query_params), body)
        self.calls.append(call)
        if request.url.path.startswith("/drive/"):
            header = request.headers.get("authorization", "")
            if header.removeprefix("Bearer ") not in self.tokens:
                call.status = 401
                return error(401, "Request had invalid authentication credentials.",
                              "authError")  # fmt: skip
            if self.held is not None:
                await asyncio.to_thread(self.held.wait, 30)
            failure = self._scripted(request.url.path)
            if failure is not None:
                call.status = failure
                return scripted_error(failure)
        response: Response = await call_next(request)
        call.status = response.status_code
        return response

    def _scripted(self, path: str) -> int | None:
        with self.lock:
            for suffix, statuses in self.failures.items():
                if path.endswith(suffix) and statuses:
                    return statuses.pop(0)
        return None

    async def _token(self, request: Request) -> JSONResponse:
        form = dict(parse_qsl((await request.body()).decode()))
        if form.get("grant_type") != JWT_GRANT:
            return JSONResponse({"error": "unsupported_grant_type"}, status_code=400)
        problem = check_assertion(str(form.get("assertion", "")), self._keys)
        if problem:
            return JSONResponse(
                {"error": "invalid_grant", "error_description": problem}, status_code=400
            )
        token = "ya29." + secrets.token_urlsafe(24)
        self.tokens.add(token)
        self.grants += 1
        return JSONResponse({"access_token": token, "expires_in": 3599, "token_type": "Bearer"})

    async def _start_token(self) -> JSONResponse:
        return JSONResponse(
            {"kind": "drive#startPageToken", "startPageToken": str(len(self.changelog) + 1)}
        )

    async def _changes(self, request: Request) -> JSONResponse:
        query = request.query_params
        try:
            start = int(query.get("pageToken", "")) - 1
        except ValueError:
            return error(400, "Invalid Value", "invalid")
        size = min(int(query.get("pageSize", "100")), self.page_size)
        with self.lock:
            entries = self.changelog[start : start + size]
            changes = [self._change(file_id, when) for file_id, when in entries]
            end = start + len(entries)
            more = end < len(self.changelog)
        body: Json = {"kind": "drive#changeList", "changes": changes}
        if more:
            body["nextPageToken"] = str(end + 1)
        else:
            body["newStartPageToken"] = str(end + 1)
        return JSONResponse(body)

    def _change(self, file_id: str, when: str) -> Json:
        file = self.files[file_id]
        change: Json = {"kind": "drive#change", "changeType": "file", "time": when,
                        "fileId": file_id, "removed": not file.shared}  # fmt: skip
        if file.shared:
            change["file"] = file.resource()
        return change

    async def _watch(self, request: Request) -> Response:
        body = json.loads(await request.body())
        if "pageToken" not in request.query_params:
            return error(400, "Required parameter: pageToken", "required")
        cap = int((time.time() + self.max_channel_s) * 1000)
        asked = int(body.get("expiration") or (time.time() + 3600) * 1000)
        channel = {
            "kind": "api#channel",
            "id": body["id"],
            "resourceId": "res-" + secrets.token_hex(8),
            "resourceUri": f"{self.url}/drive/v3/changes?alt=json&pageToken="
            + request.query_params["pageToken"],
            "token": body.get("token"),
            "expiration": str(min(asked, cap)),
        }
        self.channels[body["id"]] = {**channel, "address": body.get("address")}
        return JSONResponse(channel)

    async def _stop(self, request: Request) -> Response:
        body = json.loads(await request.body())
        channel = self.channels.get(body.get("id", ""))
        if channel is None or channel["resourceId"] != body.get("resourceId"):
            return error(404, f"Channel '{body.get('id')}' not found for project", "notFound")
        self.stopped.append(body)
        del self.channels[body["id"]]
        return Response(status_code=204)

    def _visible(self, file_id: str) -> DriveFile | None:
        file = self.files.get(file_id)
        return file if file is not None and file.shared else None

    async def _file(self, file_id: str, request: Request) -> Response:
        file = self._visible(file_id)
        if file is None:
            return error(404, f"File not found: {file_id}.", "notFound")
        if request.query_params.get("alt") != "media":
            return JSONResponse(file.resource())
        if file.mime_type.startswith("application/vnd.google-apps."):
            return error(403, "Only files with binary content can be downloaded. Use Export "
                          "with Docs Editors files.", "fileNotDownloadable")  # fmt: skip
        answer = ranged(file.content, request.headers.get("range"))
        if self.drip_s is None or answer.status_code >= 300:
            return answer
        return StreamingResponse(
            _dripped(bytes(answer.body), self.drip_s),
            status_code=answer.status_code,
            headers={k: v for k, v in answer.headers.items() if k != "content-length"},
        )

    async def _export(self, file_id: str, request: Request) -> Response:
        file = self._visible(file_id)
        if file is None:
            return error(404, f"File not found: {file_id}.", "notFound")
        if file.mime_type != GOOGLE_DOC or request.query_params.get("mimeType") != "text/plain":
            return error(400, "Export only supports Docs Editors files.", "badRequest")
        # Docs exports start with a byte-order mark.
        return PlainTextResponse("\ufeff" + file.content.decode())


def drive_headers(
    channel: Json, *, state: str = "change", token: str | None = None, number: int = 2
) -> dict[str, str]:
    """The headers Drive sends a channel's address (PROTOCOLS.md 2.2); the body is empty."""
    headers = {
        "X-Goog-Channel-ID": channel["id"],
        "X-Goog-Message-Number": str(number),
        "X-Goog-Resource-ID": channel["resourceId"],
        "X-Goog-Resource-State": state,
        "X-Goog-Resource-URI": channel["resourceUri"],
        "X-Goog-Channel-Expiration": "Tue, 19 Nov 2030 01:13:52 GMT",
    }
    if token is not None:
        headers["X-Goog-Channel-Token"] = token
    elif channel.get("token"):
        headers["X-Goog-Channel-Token"] = channel["token"]
    return headers


@contextmanager
def serve_drive(folder: Path, **options: Any) -> Iterator[tuple[FakeDrive, Path]]:
    """The fake Drive served on a loopback port, and a service-account key file whose
    `token_uri` points at it (its public key registered, so the JWT grant succeeds)."""
    fake = FakeDrive(**options)
    with serving(fake):
        key_path, public_key = write_service_account_key(folder, f"{fake.url}/token")
        fake.register_key(SERVICE_ACCOUNT, public_key)
        yield fake, key_path


async def _dripped(body: bytes, every_s: float) -> AsyncIterator[bytes]:
    """A body sent a byte at a time, as a stuck proxy or a throttled link sends it."""
    for i in range(len(body)):
        yield body[i : i + 1]
        await asyncio.sleep(every_s)
