"""What the fake Zoom (zoom_api.py) knows: users, recorded meetings, tokens and scripted
failures, with the test-facing hooks to set them up, and the JSON shapes Zoom answers with
(PROTOCOLS.md 1.4-1.6)."""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from fastapi.responses import JSONResponse

Json = dict[str, Any]
EXPIRED_PAGE = (
    "<html><body><h1>Only the host can download this recording.</h1>"
    "<p>Sign in to continue.</p></body></html>"
)
_RECORDING_TYPES = {
    "M4A": "audio_only",
    "MP4": "shared_screen_with_speaker_view",
    "TRANSCRIPT": "audio_transcript",
    "CHAT": "chat_file",
}
_EXTENSIONS = {"TRANSCRIPT": "VTT", "CHAT": "TXT"}
_MESSAGES = {
    429: "You have reached the maximum per-second rate limit for this API. Try again later.",
    500: "Internal Error.",
    503: "Service Unavailable.",
}


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def file_object(base_url: str, *, uuid: str, kind: str, size: int, start: datetime) -> Json:
    """One entry of `recording_files`."""
    file_id = secrets.token_hex(8)
    return {
        "id": file_id, "meeting_id": uuid, "file_type": kind,
        "file_extension": _EXTENSIONS.get(kind, kind), "file_size": size,
        "status": "completed", "recording_type": _RECORDING_TYPES.get(kind, kind.lower()),
        "recording_start": stamp(start), "recording_end": stamp(start + timedelta(minutes=42)),
        "play_url": f"{base_url}/rec/play/{file_id}",
        "download_url": f"{base_url}/rec/download/{file_id}",
    }  # fmt: skip


def track_object(base_url: str, *, name: str, size: int, start: datetime) -> Json:
    """One entry of `participant_audio_files`: no `recording_type`, a `file_name`."""
    entry = file_object(base_url, uuid="", kind="M4A", size=size, start=start)
    del entry["recording_type"], entry["meeting_id"]
    return {**entry, "file_name": f"Audio only - {name}"}


def recording_object(
    *,
    uuid: str,
    number: int,
    account_id: str,
    host_id: str,
    host_email: str,
    topic: str,
    start: datetime,
    share_url: str,
    files: list[Json],
    tracks: list[Json],
) -> Json:
    """The `payload.object` of recording.completed, and the recordings API's answer."""
    return {
        "uuid": uuid, "id": number, "account_id": account_id, "host_id": host_id,
        "host_email": host_email, "topic": topic, "type": 2, "start_time": stamp(start),
        "timezone": "UTC", "duration": 42,
        "total_size": sum(int(f.get("file_size") or 0) for f in (*files, *tracks)),
        "recording_count": len(files), "share_url": share_url, "password": "",
        "recording_files": files, "participant_audio_files": tracks,
    }  # fmt: skip


def participant_entry(index: int, fields: Json) -> Json:
    """One entry of `participants` (one per join), with the fields a test leaves out."""
    return {
        "id": "", "user_id": str(16778240 + index), "registrant_id": "", "name": "",
        "user_email": "", "join_time": "", "leave_time": "", "duration": 60,
        "failover": False, "status": "in_meeting", **fields,
    }  # fmt: skip


def user_entry(user_id: str, email: str, first_name: str, last_name: str) -> Json:
    return {
        "id": user_id, "email": email, "first_name": first_name, "last_name": last_name,
        "type": 2, "status": "active",
    }  # fmt: skip


def token_answer(token: str, ttl_s: int, api_url: str) -> Json:
    return {
        "access_token": token, "token_type": "bearer", "expires_in": ttl_s,
        "scope": "meeting:read:admin recording:read:admin user:read:admin", "api_url": api_url,
    }  # fmt: skip


def oauth_error(reason: str, error: str) -> JSONResponse:
    return JSONResponse({"reason": reason, "error": error}, 400)


def page(items: list[Json], key: str, *, start: int, size: int, next_token: str) -> Json:
    return {
        "page_count": (len(items) + size - 1) // size, "page_size": size,
        "total_records": len(items), "next_page_token": next_token,
        key: items[start : start + size],
    }  # fmt: skip


def error(
    status: int, code: int, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """Zoom's error answer: `{"code": ..., "message": ...}`."""
    return JSONResponse({"code": code, "message": message}, status, headers=headers)


def scripted_error(status: int, retry_after: str | None, body: Json | None) -> JSONResponse:
    headers = {"Retry-After": retry_after} if retry_after else None
    if body is not None:
        return JSONResponse(body, status, headers=headers)
    return error(status, status, _MESSAGES.get(status, "Error."), headers)


@dataclass
class ZoomCall:
    method: str
    path: str  # as sent: percent-encoding kept
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    status: int = 0


@dataclass
class Failure:
    status: int
    path_contains: str
    skip: int
    retry_after: str | None
    body: Json | None


@dataclass
class Meeting:
    recording: Json
    files: dict[str, bytes] = field(default_factory=dict)
    participants: list[Json] = field(default_factory=list)


class ZoomState:
    """The fake's data and the hooks tests use to arrange it. Thread-safe: the server runs in
    its own thread."""

    def __init__(
        self, *, account_id: str, client_id: str, client_secret: str, token_ttl_s: int
    ) -> None:
        self.account_id, self.client_id, self.client_secret = account_id, client_id, client_secret
        self.token_ttl_s = token_ttl_s
        self.url = ""
        self.single_participant: Literal["empty", "404"] = "empty"
        self.redirect_downloads = False
        self.calls: list[ZoomCall] = []
        self.tokens: dict[str, float] = {}  # access token -> expiry (time.monotonic)
        self.download_tokens: dict[str, float] = {}
        self.meetings: dict[str, Meeting] = {}
        self.users: list[Json] = []
        self.failures: deque[Failure] = deque()
        self.lock = threading.RLock()

    def settings(self) -> dict[str, str]:
        """Settings fields pointing Scribe at this fake: `make_settings(**fake.settings())`."""
        return {
            "zoom_account_id": self.account_id,
            "zoom_client_id": self.client_id,
            "zoom_client_secret": self.client_secret,
            "zoom_api_url": f"{self.url}/v2",
            "zoom_oauth_url": f"{self.url}/oauth/token",
        }

    def add_user(self, email: str, *, first_name: str = "", last_name: str = "") -> str:
        user_id = "u" + secrets.token_hex(6)
        with self.lock:
            self.users.append(user_entry(user_id, email, first_name, last_name))
        return user_id

    def add_recording(
        self,
        uuid: str,
        *,
        host_email: str = "host@example.com",
        topic: str = "Weekly sync",
        files: dict[str, bytes] | None = None,
        tracks: dict[str, bytes] | None = None,
        start_time: datetime | None = None,
    ) -> Json:
        """A recorded meeting; call once served (links carry `.url`). `files` maps a file type
        ("M4A", "MP4", "TRANSCRIPT", "CHAT") to its bytes, `tracks` a participant's name to
        their own audio. Listed under the host's recordings when the host is an added user."""
        start = start_time or datetime.now(UTC) - timedelta(hours=2)
        stored: dict[str, bytes] = {}
        rec_files, audio = [], []
        for kind, data in (files or {}).items():
            rec_files.append(
                file_object(self.url, uuid=uuid, kind=kind, size=len(data), start=start)
            )
            stored[rec_files[-1]["id"]] = data
        for name, data in (tracks or {}).items():
            audio.append(track_object(self.url, name=name, size=len(data), start=start))
            stored[audio[-1]["id"]] = data
        host = next((u for u in self.users if u["email"] == host_email), None)
        recording = recording_object(
            uuid=uuid, number=80_000_000_000 + len(self.meetings), account_id=self.account_id,
            host_id=host["id"] if host else "h" + secrets.token_hex(6), host_email=host_email,
            topic=topic, start=start, files=rec_files, tracks=audio,
            share_url=f"{self.url}/rec/share/{secrets.token_urlsafe(24)}",
        )  # fmt: skip
        with self.lock:
            self.meetings[uuid] = Meeting(recording=recording, files=stored)
        return recording

    def set_participants(self, uuid: str, participants: list[Json]) -> None:
        """Participant entries as Zoom lists them (`name`, `user_email`, ...); one per join."""
        with self.lock:
            self.meetings[uuid].participants = [
                participant_entry(i, p) for i, p in enumerate(participants)
            ]

    def recording_event(self, uuid: str, *, event: str = "recording.completed") -> Json:
        """A webhook body for the meeting, with a fresh download token at the top level."""
        with self.lock:
            recording = self.meetings[uuid].recording
        return {
            "event": event,
            "event_ts": int(time.time() * 1000),
            "download_token": self.issue_download_token(),
            "payload": {"account_id": self.account_id, "object": recording},
        }

    def issue_download_token(self, *, ttl_s: float = 86_400) -> str:
        token = "dl." + secrets.token_urlsafe(24)
        with self.lock:
            self.download_tokens[token] = time.monotonic() + ttl_s
        return token

    def expire_tokens(self) -> None:
        """Every API access token issued so far stops working (401 code 124)."""
        with self.lock:
            self.tokens = dict.fromkeys(self.tokens, 0.0)

    def expire_download_tokens(self) -> None:
        with self.lock:
            self.download_tokens = dict.fromkeys(self.download_tokens, 0.0)

    def fail_next(
        self,
        status: int,
        *,
        path_contains: str = "/v2/",
        skip: int = 0,
        retry_after: str | None = None,
        body: Json | None = None,
    ) -> None:
        """After `skip` matching API requests, answer the next one with `status` and Zoom's
        error body (or `body`). A scripted 401 also revokes the token that request carried."""
        with self.lock:
            self.failures.append(Failure(status, path_contains, skip, retry_after, body))

    def api_calls(self) -> list[ZoomCall]:
        return [c for c in list(self.calls) if c.path.startswith("/v2/")]

    def token_requests(self) -> list[ZoomCall]:
        return [c for c in list(self.calls) if c.path == "/oauth/token"]

    def scripted(self, path: str) -> Failure | None:
        """The scripted failure for this request, if one is due (call with the lock held)."""
        for failure in self.failures:
            if failure.path_contains in path:
                if failure.skip:
                    failure.skip -= 1
                    return None
                self.failures.remove(failure)
                return failure
        return None

    def file_bytes(self, file_id: str) -> bytes | None:
        with self.lock:
            found = (m.files[file_id] for m in self.meetings.values() if file_id in m.files)
            return next(found, None)
