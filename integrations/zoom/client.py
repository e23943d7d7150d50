"""Zoom's REST API through zoomus, with a Server-to-Server OAuth app.

zoomus is synchronous and fetches its token inside `ZoomClient.__init__` (a network call, with
no timeout), so the client is built on first use and every call runs in a worker thread.
zoomus never refreshes the token: S2S tokens last an hour and come with no refresh token, so
a new one is fetched a little before the hour is up, and once more when the API answers 401.

zoomus's quirks handled here (zoomus 1.2.1): `past_meeting.*` double-encodes a UUID only when
it starts with `/` or contains `//` and otherwise puts it in the path raw (a single inner `/`
becomes a path segment); `recording.get` does not encode at all. So UUIDs are encoded here
(`encode_uuid`) before zoomus sees them, and zoomus leaves them alone. zoomus also sends every
keyword argument, `meeting_id` included, as a query parameter; Zoom is not known to mind.

Network failures are Transient; what Zoom's answers mean is in errors.py.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, Protocol
from urllib.parse import quote, urlsplit

import requests
import structlog
from pydantic import ValidationError
from zoomus import ZoomClient

from core.domain import Attendee
from core.errors import BadRequest, ConfigError, NotFound, StageFailed, Transient
from core.settings import Settings
from integrations.zoom.attendees import attendees_from
from integrations.zoom.errors import CREDENTIALS, read_response
from integrations.zoom.webhook import ZoomRecording

log = structlog.get_logger(__name__)

TOKEN_TTL_S = 3600.0  # Zoom's S2S access tokens last an hour
REFRESH_EARLY_S = 300.0
CALL_TIMEOUT_S = 60.0  # zoomus's token request has no timeout of its own
PAGE_SIZE = 300  # Zoom's maximum for these lists
MAX_PAGES = 200
RECENT_DAYS = 30  # /users/{id}/recordings takes at most a month per request

Json = dict[str, Any]
Request = Callable[[Any], requests.Response]  # zoomus has no types: the client is Any


class PageRequest(Protocol):
    def __call__(self, client: Any, *, token: str | None) -> requests.Response: ...


class ZoomApi:
    """The Zoom REST calls Scribe needs: participants, a recording, a recording by link."""

    def __init__(
        self,
        *,
        account_id: str,
        client_id: str,
        client_secret: str,
        api_url: str = "https://api.zoom.us/v2",
        oauth_url: str = "https://zoom.us/oauth/token",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        missing = [
            name
            for name, value in (
                ("ZOOM_ACCOUNT_ID", account_id),
                ("ZOOM_CLIENT_ID", client_id),
                ("ZOOM_CLIENT_SECRET", client_secret),
            )
            if not value
        ]
        if missing:
            raise ConfigError(f"the Zoom API needs {CREDENTIALS}; missing: {', '.join(missing)}")
        self._credentials = (client_id, client_secret, account_id)
        self._api_url, self._oauth_url, self._clock = api_url, oauth_url, clock
        self._client: Any = None
        self._fetched_at = 0.0
        self._lock = threading.Lock()

    async def attendees(self, uuid: str, *, host_email: str | None) -> list[Attendee]:
        """The past meeting's attendees, host first. A meeting Zoom keeps no participant list
        for (one participant: an empty list, or 404) yields the host alone."""
        meeting = encode_uuid(_required(uuid))
        fetch = partial(_participants_page, meeting=meeting)
        try:
            participants = await self._paged(fetch, key="participants", what="the participants")
        except NotFound:
            log.info("zoom.participants_missing", meeting_uuid=uuid)
            participants = []
        return attendees_from(participants, host_email=host_email)

    async def recording(self, uuid: str) -> tuple[ZoomRecording, str | None]:
        """The meeting's recording and a fresh `download_access_token` for its files."""
        meeting = encode_uuid(_required(uuid))
        body = await self._call(
            lambda client: client.recording.get(
                meeting_id=meeting, include_fields="download_access_token"
            ),
            what="the recording",
        )
        try:
            recording = ZoomRecording.model_validate(body)
        except ValidationError:
            raise StageFailed(
                "Zoom's answer about the recording was unreadable", stage="fetch"
            ) from None
        token = body.get("download_access_token")
        return recording, token if isinstance(token, str) and token else None

    async def find_recording(self, link: str) -> str:
        """The meeting UUID of the recording behind a share or play link, looked up among
        the last 30 days of recordings of the account's active users."""
        wanted = recording_link_key(link)
        if wanted is None:
            raise BadRequest("that is not a Zoom recording link (…/rec/share/… or …/rec/play/…)")
        today = datetime.now(UTC).date()
        window = {"from": (today - timedelta(days=RECENT_DAYS)).isoformat(), "to": str(today)}
        users = await self._paged(_users_page, key="users", what="the account's users")
        for user in users:
            if not user.get("id"):
                continue
            fetch = partial(_recordings_page, user_id=str(user["id"]), window=window)
            for meeting in await self._paged(fetch, key="meetings", what="the recordings"):
                if wanted in _link_keys(meeting) and meeting.get("uuid"):
                    return str(meeting["uuid"])
        raise NotFound(
            f"no recording of the last {RECENT_DAYS} days in this Zoom account has that link"
        )

    async def _paged(self, fetch: PageRequest, *, key: str, what: str) -> list[Json]:
        items: list[Json] = []
        token: str | None = None
        for _ in range(MAX_PAGES):
            page = await self._call(partial(fetch, token=token), what=what)
            items.extend(item for item in page.get(key) or () if isinstance(item, dict))
            token = page.get("next_page_token") or None
            if token is None:
                return items
        log.warning("zoom.pages_truncated", what=what, pages=MAX_PAGES)
        return items

    async def _call(self, request: Request, *, what: str) -> Json:
        try:
            return await asyncio.wait_for(
                asyncio.to_thread(self._send, request, what), CALL_TIMEOUT_S
            )
        except TimeoutError:
            raise Transient(f"Zoom did not answer in time ({what})") from None

    def _send(self, request: Request, what: str) -> Json:
        """One API request, in a worker thread; retried once with a new token on 401."""
        try:
            client, token = self._client_and_token()
            response = request(client)
            if response.status_code == 401:
                log.info("zoom.token_refused", what=what)
                self._renew(stale=token)
                response = request(client)
        except requests.RequestException as exc:
            raise Transient(f"Zoom could not be reached ({what}): {type(exc).__name__}") from None
        return read_response(response, what)

    def _client_and_token(self) -> tuple[Any, str]:
        with self._locked():
            if self._client is None:
                client_id, client_secret, account_id = self._credentials
                self._client = ZoomClient(
                    client_id,
                    client_secret,
                    account_id,
                    base_uri=self._api_url,
                    oauth_uri=self._oauth_url,
                )
                self._fetched_at = self._clock()
            elif self._clock() - self._fetched_at >= TOKEN_TTL_S - REFRESH_EARLY_S:
                self._refresh_token()
            return self._client, self._token()

    def _renew(self, *, stale: str) -> None:
        with self._locked():
            # Another thread may have replaced the refused token already.
            if self._client is not None and self._client.config.get("token") == stale:
                self._refresh_token()

    def _refresh_token(self) -> None:
        self._client.refresh_token()
        self._fetched_at = self._clock()

    def _token(self) -> str:
        token = self._client.config.get("token")
        if not token:
            # zoomus returns None, not an error, when Zoom's OAuth answer has no token.
            self._client = None
            raise ConfigError(f"Zoom refused the app's credentials: check {CREDENTIALS}")
        return str(token)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        if not self._lock.acquire(timeout=CALL_TIMEOUT_S):
            raise Transient("Zoom's OAuth token request did not finish in time")
        try:
            yield
        finally:
            self._lock.release()


def build_zoom_api(settings: Settings) -> ZoomApi | None:
    """The API client, or None when no Zoom app is configured at all (half of one is an error)."""
    secret = settings.zoom_client_secret.get_secret_value() if settings.zoom_client_secret else ""
    values = (settings.zoom_account_id or "", settings.zoom_client_id or "", secret)
    if not any(values):
        return None
    return ZoomApi(
        account_id=values[0],
        client_id=values[1],
        client_secret=values[2],
        api_url=settings.zoom_api_url,
        oauth_url=settings.zoom_oauth_url,
    )


def encode_uuid(uuid: str) -> str:
    """A meeting UUID for a URL path: encoded once, twice when it starts with `/` or contains
    `//` (Zoom: "double encode your UUID … if the UUID begins with a '/' or contains '//'")."""
    once = quote(uuid, safe="")
    return quote(once, safe="") if uuid.startswith("/") or "//" in uuid else once


def recording_link_key(link: str) -> str | None:
    """What identifies a recording link: its path (`/rec/share/…`, `/rec/play/…`), whatever
    the host (zoom.us, us02web.zoom.us, a vanity domain) and query (`?pwd=`, `?startTime=`)."""
    path = urlsplit(link.strip().strip("<>")).path.rstrip("/")
    return path if path.startswith("/rec/") and path.count("/") >= 3 else None


def _participants_page(client: Any, *, meeting: str, token: str | None) -> requests.Response:
    response: requests.Response = client.past_meeting.get_participants(
        meeting_id=meeting, page_size=PAGE_SIZE, **_page_token(token)
    )
    return response


def _users_page(client: Any, *, token: str | None) -> requests.Response:
    response: requests.Response = client.user.list(
        status="active", page_size=PAGE_SIZE, **_page_token(token)
    )
    return response


def _recordings_page(
    client: Any, *, user_id: str, window: dict[str, str], token: str | None
) -> requests.Response:
    # `from`/`to` as yyyy-mm-dd; zoomus's own start=/end= would send date-times.
    response: requests.Response = client.recording.list(
        user_id=user_id, page_size=PAGE_SIZE, **window, **_page_token(token)
    )
    return response


def _page_token(token: str | None) -> dict[str, str]:
    return {"next_page_token": token} if token else {}


def _link_keys(meeting: Json) -> set[str]:
    try:
        recording = ZoomRecording.model_validate(meeting)
    except ValidationError:
        return set()
    files = (*recording.recording_files, *recording.participant_audio_files)
    links = [recording.share_url, *(f.play_url for f in files), *(f.download_url for f in files)]
    return {key for link in links if link and (key := recording_link_key(link))}


def _required(uuid: str) -> str:
    if not uuid or not uuid.strip():
        raise BadRequest("a Zoom meeting UUID is needed")
    return uuid
