"""ZoomApi through the real zoomus client against a loopback Zoom: OAuth, errors, recordings."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from zoomus import ZoomClient

from core.errors import BadRequest, ConfigError, NotFound, Transient
from core.settings import Settings
from integrations.zoom.client import ZoomApi, build_zoom_api, encode_uuid, recording_link_key
from integrations.zoom.errors import retry_after_s
from tests.fakes.zoom_api import FakeZoom, serve_zoom

UUID = "WEz4RT2lSyKx2MD9Z+lYfA=="
SLASHED = "/ajXp112QmuoKj4854875=="


@pytest.fixture
def zoom() -> Iterator[FakeZoom]:
    with serve_zoom() as fake:
        yield fake


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def api_for(zoom: FakeZoom, clock: Callable[[], float] | None = None, **changes: str) -> ZoomApi:
    values = {**zoom.settings(), **changes}
    return ZoomApi(
        account_id=values["zoom_account_id"],
        client_id=values["zoom_client_id"],
        client_secret=values["zoom_client_secret"],
        api_url=values["zoom_api_url"],
        oauth_url=values["zoom_oauth_url"],
        **({"clock": clock} if clock else {}),
    )


def bearer(call_headers: dict[str, str]) -> str:
    return call_headers["authorization"].removeprefix("Bearer ")


async def test_the_token_is_fetched_once_and_reused(zoom: FakeZoom) -> None:
    zoom.add_recording(UUID)
    api = api_for(zoom)
    assert zoom.token_requests() == []  # built lazily: nothing at construction
    await asyncio.gather(api.recording(UUID), api.recording(UUID))
    await api.recording(UUID)
    [token_request] = zoom.token_requests()
    assert token_request.headers["authorization"].startswith("Basic ")
    assert len({bearer(c.headers) for c in zoom.api_calls()}) == 1
    assert [c.status for c in zoom.api_calls()] == [200, 200, 200]


async def test_the_token_is_renewed_before_it_expires(zoom: FakeZoom) -> None:
    zoom.add_recording(UUID)
    clock = Clock()
    api = api_for(zoom, clock)
    await api.recording(UUID)
    clock.now += 3400  # S2S tokens last 3600 s
    zoom.expire_tokens()
    await api.recording(UUID)
    assert len(zoom.token_requests()) == 2
    first, second = zoom.api_calls()
    assert (first.status, second.status) == (200, 200)  # renewed before use: no 401
    assert bearer(first.headers) != bearer(second.headers)


async def test_an_expired_token_is_replaced_and_the_request_retried(zoom: FakeZoom) -> None:
    zoom.add_recording(UUID)
    api = api_for(zoom)
    await api.recording(UUID)
    zoom.expire_tokens()  # Zoom ended it early
    recording, _ = await api.recording(UUID)
    assert recording.uuid == UUID
    assert [c.status for c in zoom.api_calls()] == [200, 401, 200]
    assert len(zoom.token_requests()) == 2


async def test_a_401_mid_way_through_the_pages_is_retried_once(zoom: FakeZoom) -> None:
    zoom.add_recording(UUID)
    zoom.set_participants(
        UUID, [{"name": f"P{i}", "user_email": f"p{i}@x.org"} for i in range(650)]
    )
    zoom.fail_next(401, skip=1)  # the second page's token is revoked
    attendees = await api_for(zoom).attendees(UUID, host_email=None)
    assert len(attendees) == 650
    assert [c.status for c in zoom.api_calls()] == [200, 401, 200, 200]
    assert len(zoom.token_requests()) == 2


async def test_a_401_that_survives_a_new_token_is_a_config_error(zoom: FakeZoom) -> None:
    zoom.add_recording(UUID)
    zoom.fail_next(401)
    zoom.fail_next(401)
    with pytest.raises(ConfigError, match="ZOOM_CLIENT_ID"):
        await api_for(zoom).recording(UUID)
    assert len(zoom.api_calls()) == 2  # one retry, no more


async def test_a_rate_limit_is_transient_with_zooms_retry_after(zoom: FakeZoom) -> None:
    zoom.add_recording(UUID)
    zoom.fail_next(429, retry_after="7")
    with pytest.raises(Transient) as caught:
        await api_for(zoom).recording(UUID)
    assert caught.value.retry_after_s == 7


def test_retry_after_reads_seconds_and_zooms_daily_limit_dates() -> None:
    now = datetime(2024, 5, 30, 23, 0, tzinfo=UTC)
    assert retry_after_s("12", now=now) == 12
    assert retry_after_s("2024-05-31T00:00:00Z", now=now) == 3600
    assert retry_after_s("Fri, 31 May 2024 00:00:00 GMT", now=now) == 3600
    assert retry_after_s("2024-05-30T00:00:00Z", now=now) == 0
    assert retry_after_s(None) is None
    assert retry_after_s("soon") is None


async def test_server_errors_and_an_unreachable_zoom_are_transient(zoom: FakeZoom) -> None:
    zoom.add_recording(UUID)
    zoom.fail_next(503)
    with pytest.raises(Transient, match="HTTP 503"):
        await api_for(zoom).recording(UUID)
    with socket.create_server(("127.0.0.1", 0)) as sock:
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    with pytest.raises(Transient, match="could not be reached"):
        await api_for(zoom, zoom_oauth_url=f"{closed}/oauth/token").recording(UUID)


async def test_missing_scope_and_refused_credentials_are_config_errors(zoom: FakeZoom) -> None:
    zoom.add_recording(UUID)
    message = "Invalid access token, does not contain scopes:[recording:read:admin]."
    zoom.fail_next(400, body={"code": 4711, "message": message})
    with pytest.raises(ConfigError, match="lacks a scope"):
        await api_for(zoom).recording(UUID)
    with pytest.raises(ConfigError, match="refused the app's credentials"):
        await api_for(zoom, zoom_client_secret="wrong").recording(UUID)


def test_missing_credentials(make_settings: Callable[..., Settings]) -> None:
    assert build_zoom_api(make_settings()) is None  # Zoom not configured: off
    with pytest.raises(ConfigError, match="ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET"):
        build_zoom_api(make_settings(zoom_account_id="acct"))
    with pytest.raises(ConfigError, match="missing: ZOOM_ACCOUNT_ID$"):
        ZoomApi(account_id="", client_id="id", client_secret="secret")


async def test_built_from_settings(zoom: FakeZoom, make_settings: Callable[..., Settings]) -> None:
    zoom.add_recording(UUID)
    api = build_zoom_api(make_settings(**zoom.settings()))
    assert api is not None
    recording, _ = await api.recording(UUID)
    assert recording.uuid == UUID


async def test_recording_comes_with_a_fresh_download_token(zoom: FakeZoom) -> None:
    zoom.add_recording(UUID, files={"M4A": b"audio bytes", "MP4": b"video"})
    recording, token = await api_for(zoom).recording(UUID)
    [call] = zoom.api_calls()
    assert call.path == "/v2/meetings/WEz4RT2lSyKx2MD9Z%2BlYfA%3D%3D/recordings"
    assert call.query["include_fields"] == "download_access_token"
    assert [f.file_type for f in recording.recording_files] == ["M4A", "MP4"]
    assert token is not None
    audio = recording.recording_files[0].download_url
    async with httpx.AsyncClient() as http:
        good = await http.get(audio, headers={"Authorization": f"Bearer {token}"})
        zoom.expire_download_tokens()
        stale = await http.get(audio, headers={"Authorization": f"Bearer {token}"})
    assert good.content == b"audio bytes"
    assert stale.status_code == 200  # like Zoom: an HTML page, not a 401
    assert stale.headers["content-type"].startswith("text/html")


async def test_a_uuid_starting_with_a_slash_is_double_encoded(zoom: FakeZoom) -> None:
    zoom.add_recording(SLASHED)
    recording, _ = await api_for(zoom).recording(SLASHED)
    assert recording.uuid == SLASHED
    assert zoom.api_calls()[0].path == "/v2/meetings/%252FajXp112QmuoKj4854875%253D%253D/recordings"


def test_uuid_encoding_follows_zooms_rule() -> None:
    assert encode_uuid(SLASHED) == "%252FajXp112QmuoKj4854875%253D%253D"
    assert encode_uuid("ab//cd==") == "ab%252F%252Fcd%253D%253D"
    assert encode_uuid("ab/cd+e==") == "ab%2Fcd%2Be%3D%3D"


async def test_an_unknown_recording_is_not_found(zoom: FakeZoom) -> None:
    with pytest.raises(NotFound, match="3301"):
        await api_for(zoom).recording("nope==")


async def test_find_recording_by_share_or_play_link(zoom: FakeZoom) -> None:
    zoom.add_user("first@example.com")
    zoom.add_user("host@example.com")
    other = zoom.add_recording("other==", host_email="first@example.com", files={"M4A": b"a"})
    wanted = zoom.add_recording(UUID, host_email="host@example.com", files={"M4A": b"b"})
    zoom.add_recording(
        "old==", files={"M4A": b"c"}, start_time=datetime.now(UTC) - timedelta(days=60)
    )
    api = api_for(zoom)
    share = wanted["share_url"].replace("127.0.0.1", "localhost") + "?pwd=Xyz.1"
    assert await api.find_recording(share) == UUID
    play = wanted["recording_files"][0]["play_url"] + "?continueMode=true"
    assert await api.find_recording(play) == UUID
    assert await api.find_recording(other["share_url"]) == "other=="
    listing = [c for c in zoom.api_calls() if c.path.endswith("/recordings")]
    assert all(c.query["from"] and c.query["page_size"] == "300" for c in listing)


async def test_find_recording_says_clearly_when_nothing_matches(zoom: FakeZoom) -> None:
    zoom.add_user("host@example.com")
    zoom.add_recording(UUID, files={"M4A": b"b"}, start_time=datetime.now(UTC) - timedelta(days=60))
    api = api_for(zoom)
    old = zoom.meetings[UUID].recording["share_url"]
    with pytest.raises(NotFound, match="last 30 days"):
        await api.find_recording(old)
    with pytest.raises(BadRequest, match="not a Zoom recording link"):
        await api.find_recording("https://zoom.us/j/123456789")


def test_recording_link_keys_ignore_host_and_query() -> None:
    key = "/rec/share/AbC-12.xyz"
    assert recording_link_key("https://us02web.zoom.us/rec/share/AbC-12.xyz?pwd=1") == key
    assert recording_link_key("<https://zoom.us/rec/share/AbC-12.xyz/>") == key
    assert recording_link_key("https://zoom.us/rec/") is None
    assert recording_link_key("https://zoom.us/j/1") is None


async def test_zoomus_alone_would_miss_these_uuids_so_they_are_encoded_first(
    zoom: FakeZoom,
) -> None:
    inner = "ab/cd+e=="
    zoom.add_recording(SLASHED)
    zoom.add_recording(inner)
    s = zoom.settings()
    client = ZoomClient(
        s["zoom_client_id"],
        s["zoom_client_secret"],
        s["zoom_account_id"],
        base_uri=s["zoom_api_url"],
        oauth_uri=s["zoom_oauth_url"],
    )
    # recording.get does not encode; past_meeting leaves a single inner '/' raw.
    assert client.recording.get(meeting_id=SLASHED).status_code == 404
    assert client.past_meeting.get_participants(meeting_id=inner).status_code == 404
    api = api_for(zoom)
    assert (await api.recording(SLASHED))[0].uuid == SLASHED
    assert (await api.recording(inner))[0].uuid == inner
    assert await api.attendees(inner, host_email=None) == []
    assert zoom.api_calls()[-1].status == 200
