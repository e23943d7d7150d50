"""A loopback imitation of Zoom's OAuth, the REST API calls Scribe makes, and file downloads.

Quirks reproduced from Zoom's docs and forum:
- `POST /oauth/token` (grant_type=account_credentials, account_id, HTTP Basic client id and
  secret) issues a bearer token with `expires_in`; no refresh token. Bad credentials: 400.
- `/v2/...` wants `Authorization: Bearer <token>`; an unknown or expired one gets 401
  `{"code": 124, ...}`. Lists page with `page_size` (at most 300) and `next_page_token`.
- Path segments are decoded once for routing and a UUID once more when it still holds a `%`:
  a double-encoded UUID works, a single-encoded one works unless it starts with `/` or holds
  `//` (Zoom's rule for double encoding), and a raw `/` splits the path and misses.
- A past meeting with one participant has no participant list: an empty one by default,
  `single_participant="404"` for the 404 `{"code": 3001}` variant.
- `GET /v2/users/{id}/recordings` defaults `from` to today and refuses ranges over a month.
- `/rec/download/<file id>` serves the bytes only with `Authorization: Bearer <download
  token>` (or the legacy `?access_token=`); a bad or expired token gets HTTP 200 and an HTML
  page, as on Zoom. With `redirect_downloads`, it first redirects (302) to `/storage/...`.
Every request is recorded in `calls` (method, raw path, query, headers, status).
"""

from __future__ import annotations

import base64
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, unquote

from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from tests.fakes import zoom_state as state
from tests.fakes.server import serving
from tests.fakes.zoom_state import ZoomCall, ZoomState

Json = dict[str, Any]
__all__ = ["FakeZoom", "ZoomCall", "serve_zoom"]


class FakeZoom(ZoomState):
    """Zoom's OAuth, REST API and download host. Set `.url` to the served base URL (the
    `serve_zoom` helper does); `fake, url = fake_zoom` also works, like the other fakes.
    The hooks that arrange it (users, recordings, participants, expired tokens, scripted
    failures) are ZoomState's."""

    def __init__(
        self,
        *,
        account_id: str = "zoom-account",
        client_id: str = "zoom-client",
        client_secret: str = "zoom-secret",  # noqa: S107
        token_ttl_s: int = 3599,
    ) -> None:
        super().__init__(
            account_id=account_id,
            client_id=client_id,
            client_secret=client_secret,
            token_ttl_s=token_ttl_s,
        )
        self._pages: dict[str, int] = {}  # next_page_token -> offset
        self.app = FastAPI()
        self.app.post("/oauth/token")(self._oauth)
        v2 = "/v2"
        self.app.get(v2 + "/past_meetings/{uuid}/participants")(self._participants)
        self.app.get(v2 + "/meetings/{uuid}/recordings")(self._recording)
        self.app.get(v2 + "/users")(self._list_users)
        self.app.get(v2 + "/users/{user_id}/recordings")(self._user_recordings)
        self.app.get("/rec/download/{file_id}")(self._download)
        self.app.get("/storage/{file_id}")(self._storage)
        self.app.middleware("http")(self._record)

    async def _record(self, request: Request, call_next: Any) -> Response:
        raw = request.scope.get("raw_path") or request.url.path.encode()
        call = ZoomCall(
            method=request.method,
            path=raw.decode("latin-1"),
            query=dict(request.query_params),
            headers={k.lower(): v for k, v in request.headers.items()},
        )
        self.calls.append(call)
        request.scope["path"] = _routing_path(call.path)
        response: Response = await call_next(request)
        call.status = response.status_code
        return response

    async def _oauth(self, request: Request) -> JSONResponse:
        # Form-encoded (zoomus) or in the query string (Zoom's docs): both are accepted.
        form = dict(request.query_params) | dict(parse_qsl((await request.body()).decode()))
        expected = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        if request.headers.get("authorization") != f"Basic {expected}":
            return state.oauth_error("Invalid client_id or client_secret", "invalid_client")
        if form.get("grant_type") != "account_credentials":
            return state.oauth_error("Unsupported grant type", "unsupported_grant_type")
        if form.get("account_id") != self.account_id:
            return state.oauth_error("Invalid account_id", "invalid_request")
        token = "at." + secrets.token_urlsafe(24)
        with self.lock:
            self.tokens[token] = time.monotonic() + self.token_ttl_s
        api_url = self.url or str(request.base_url).rstrip("/")
        return JSONResponse(state.token_answer(token, self.token_ttl_s, api_url))

    def _refusal(self, request: Request) -> JSONResponse | None:
        """Zoom's answer when the request must not go through: bad token or scripted failure."""
        token = _bearer(request)
        with self.lock:
            expiry = self.tokens.get(token)
            if expiry is None:
                return state.error(401, 124, "Invalid access token.")
            if expiry <= time.monotonic():
                return state.error(401, 124, "Access token is expired.")
            failure = self.scripted(request.url.path)
            if failure is not None and failure.status == 401:
                del self.tokens[token]
                return state.error(401, 124, "Invalid access token.")
        if failure is None:
            return None
        return state.scripted_error(failure.status, failure.retry_after, failure.body)

    def _meeting(self, uuid: str) -> state.Meeting | None:
        # Routing decoded the path once; a double-encoded UUID still holds a '%'.
        with self.lock:
            return self.meetings.get(unquote(uuid) if "%" in uuid else uuid)

    def _page(
        self, items: list[Json], key: str, request: Request, extra: Json | None = None
    ) -> JSONResponse:
        size = max(1, min(int(request.query_params.get("page_size") or 30), 300))
        token = request.query_params.get("next_page_token") or ""
        with self.lock:
            start = self._pages.pop(token, None) if token else 0
            if start is None:
                return state.error(400, 300, "The next page token is invalid or expired.")
            next_token = secrets.token_urlsafe(12) if items[start + size :] else ""
            if next_token:
                self._pages[next_token] = start + size
        body = state.page(items, key, start=start, size=size, next_token=next_token)
        return JSONResponse({**body, **(extra or {})})

    async def _participants(self, uuid: str, request: Request) -> JSONResponse:
        if (refused := self._refusal(request)) is not None:
            return refused
        meeting = self._meeting(uuid)
        people = meeting.participants if meeting else []
        if meeting is None or (len(people) <= 1 and self.single_participant == "404"):
            return state.error(404, 3001, f"Meeting does not exist: {uuid}.")
        # Zoom lists no participants for a meeting with only one.
        return self._page(people if len(people) > 1 else [], "participants", request)

    async def _recording(self, uuid: str, request: Request) -> JSONResponse:
        if (refused := self._refusal(request)) is not None:
            return refused
        meeting = self._meeting(uuid)
        if meeting is None:
            return state.error(404, 3301, "This recording does not exist.")
        body = dict(meeting.recording)
        if "download_access_token" in request.query_params.get("include_fields", ""):
            body["download_access_token"] = self.issue_download_token()
        return JSONResponse(body)

    async def _list_users(self, request: Request) -> JSONResponse:
        if (refused := self._refusal(request)) is not None:
            return refused
        status = request.query_params.get("status") or "active"
        with self.lock:
            users = [u for u in self.users if u["status"] == status]
        return self._page(users, "users", request)

    async def _user_recordings(self, user_id: str, request: Request) -> JSONResponse:
        if (refused := self._refusal(request)) is not None:
            return refused
        with self.lock:
            user = next((u for u in self.users if user_id in (u["id"], u["email"])), None)
        if user is None:
            return state.error(404, 1001, f"User does not exist: {user_id}.")
        today = str(datetime.now(UTC).date())
        first = date.fromisoformat(request.query_params.get("from") or today)
        last = date.fromisoformat(request.query_params.get("to") or today)
        if last - first > timedelta(days=31):
            return state.error(400, 300, "The date range must be within a month.")
        with self.lock:
            meetings = [
                m.recording for m in self.meetings.values()
                if m.recording["host_id"] == user["id"]
                and first <= date.fromisoformat(m.recording["start_time"][:10]) <= last
            ]  # fmt: skip
        return self._page(meetings, "meetings", request, {"from": str(first), "to": str(last)})

    async def _download(self, file_id: str, request: Request) -> Response:
        token = _bearer(request) or request.query_params.get("access_token", "")
        with self.lock:
            valid = self.download_tokens.get(token, 0.0) > time.monotonic()
        if not valid:
            return HTMLResponse(state.EXPIRED_PAGE)  # HTTP 200, as on Zoom
        data = self.file_bytes(file_id)
        if data is None:
            return HTMLResponse("<html><body>This recording does not exist.</body></html>", 404)
        if self.redirect_downloads:
            return RedirectResponse(f"/storage/{file_id}?sig={secrets.token_hex(8)}", 302)
        return Response(data, media_type="application/octet-stream")

    async def _storage(self, file_id: str) -> Response:
        data = self.file_bytes(file_id)
        if data is None:
            return Response(status_code=404)
        return Response(data, media_type="application/octet-stream")


def _routing_path(raw: str) -> str:
    """The path as Zoom routes it: each segment decoded once, an encoded `/` kept inside its
    segment, except where decoding leaves a segment starting with `/` or holding `//` (those
    turn into empty segments and miss, which is why Zoom wants such UUIDs double-encoded)."""
    segments = []
    for segment in raw.split("/"):
        once = unquote(segment)
        merged = once.startswith("/") or "//" in once
        segments.append(once if merged else once.replace("/", "%2F"))
    return "/".join(segments)


def _bearer(request: Request) -> str:
    auth = request.headers.get("authorization", "")
    return auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else ""


@contextmanager
def serve_zoom(fake: FakeZoom | None = None) -> Iterator[FakeZoom]:
    """Serve a FakeZoom on a loopback port; yield it with `.url` set."""
    with serving(fake or FakeZoom()) as served:
        yield served
