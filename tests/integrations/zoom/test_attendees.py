"""A meeting's attendees: the participant rules (pure), then through zoomus and the fake Zoom."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from core.domain import Attendee
from core.settings import Settings
from integrations.zoom.attendees import attendees_from
from integrations.zoom.client import ZoomApi, build_zoom_api
from tests.fakes.zoom_api import FakeZoom, serve_zoom

UUID = "WEz4RT2lSyKx2MD9Z+lYfA=="
HOST = "host@example.com"


@pytest.fixture
def zoom() -> Iterator[FakeZoom]:
    with serve_zoom() as fake:
        yield fake


def api_for(zoom: FakeZoom) -> ZoomApi:
    s = zoom.settings()
    return ZoomApi(
        account_id=s["zoom_account_id"],
        client_id=s["zoom_client_id"],
        client_secret=s["zoom_client_secret"],
        api_url=s["zoom_api_url"],
        oauth_url=s["zoom_oauth_url"],
    )


def test_each_person_once_host_first_names_kept_without_email() -> None:
    participants: list[dict[str, object]] = [
        {"name": "Ann", "user_email": "ann@example.com"},
        {"name": "Bob", "user_email": ""},  # external user: email hidden
        {"name": "Ann (phone)", "user_email": "ANN@example.com"},  # rejoined
        {"name": "Bob", "user_email": ""},
        {"name": "Host Person", "user_email": HOST},
        {"name": "Ann", "user_email": None},  # Ann again, without her email
        {"name": "  ", "user_email": " "},
        {"name": "Lurker", "user_email": "l@example.com", "status": "in_waiting_room"},
    ]
    assert attendees_from(participants, host_email=HOST) == [
        Attendee(name="Host Person", email=HOST),
        Attendee(name="Ann", email="ann@example.com"),
        Attendee(name="Bob", email=None),
    ]


def test_the_host_is_added_when_zoom_does_not_list_them() -> None:
    assert attendees_from([{"name": "Ann", "user_email": "a@x.org"}], host_email=HOST) == [
        Attendee(email=HOST),
        Attendee(name="Ann", email="a@x.org"),
    ]
    assert attendees_from([], host_email=None) == []


async def test_participants_over_several_pages(zoom: FakeZoom) -> None:
    zoom.add_recording(UUID)
    people = [{"name": f"P{i}", "user_email": f"p{i}@example.com"} for i in range(700)]
    zoom.set_participants(UUID, people)
    attendees = await api_for(zoom).attendees(UUID, host_email=HOST)
    assert len(attendees) == 701
    assert attendees[0] == Attendee(email=HOST)
    assert attendees[-1] == Attendee(name="P699", email="p699@example.com")
    first, *rest = zoom.api_calls()
    assert len(rest) == 2
    assert first.query["page_size"] == "300" and "next_page_token" not in first.query
    assert all(c.query["next_page_token"] for c in rest)
    assert first.path == "/v2/past_meetings/WEz4RT2lSyKx2MD9Z%2BlYfA%3D%3D/participants"


@pytest.mark.parametrize(
    ("uuid", "path"),
    [
        ("/ajXp112QmuoKj4854875==", "%252FajXp112QmuoKj4854875%253D%253D"),
        ("ajXp1//2QmuoKj4854875==", "ajXp1%252F%252F2QmuoKj4854875%253D%253D"),
    ],
)
async def test_uuids_zoom_wants_double_encoded_are(zoom: FakeZoom, uuid: str, path: str) -> None:
    zoom.add_recording(uuid)
    zoom.set_participants(uuid, [{"name": "A", "user_email": "a@x.org"}, {"name": "B"}])
    attendees = await api_for(zoom).attendees(uuid, host_email=None)
    assert [a.name for a in attendees] == ["A", "B"]
    assert zoom.api_calls()[0].path == f"/v2/past_meetings/{path}/participants"


@pytest.mark.parametrize("answer", ["empty", "404"])
async def test_a_one_person_meeting_is_the_host(zoom: FakeZoom, answer: str) -> None:
    zoom.add_recording(UUID)
    zoom.set_participants(UUID, [{"name": "Host Person", "user_email": HOST}])
    zoom.single_participant = answer  # type: ignore[assignment]
    assert await api_for(zoom).attendees(UUID, host_email=HOST) == [Attendee(email=HOST)]
    assert zoom.api_calls()[0].status == (404 if answer == "404" else 200)


async def test_a_meeting_zoom_does_not_know_gives_no_one_but_the_host(zoom: FakeZoom) -> None:
    api = api_for(zoom)
    assert await api.attendees("unknown==", host_email=None) == []
    assert await api.attendees("unknown==", host_email=HOST) == [Attendee(email=HOST)]


async def test_works_when_built_from_settings(
    zoom: FakeZoom, make_settings: Callable[..., Settings]
) -> None:
    zoom.add_recording(UUID)
    zoom.set_participants(UUID, [{"name": "A", "user_email": "a@x.org"}, {"name": "B"}])
    api = build_zoom_api(make_settings(**zoom.settings()))
    assert api is not None
    assert await api.attendees(UUID, host_email="a@x.org") == [
        Attendee(name="A", email="a@x.org"),
        Attendee(name="B"),
    ]
