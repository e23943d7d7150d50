"""`scribe process <Zoom recording link>`: the recording is found among the account's
recordings through Zoom's API (a loopback Zoom, through the real zoomus client), downloaded
with a fresh download token and summarized."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import DATA
from tests.fakes.zoom_api import FakeZoom, serve_zoom
from tests.scribe.helpers import run


@pytest.fixture
def zoom() -> Iterator[FakeZoom]:
    with serve_zoom() as fake:
        yield fake


def zoom_env(zoom: FakeZoom) -> dict[str, str]:
    settings = zoom.settings()
    return {
        "ZOOM_ACCOUNT_ID": settings["zoom_account_id"],
        "ZOOM_CLIENT_ID": settings["zoom_client_id"],
        "ZOOM_CLIENT_SECRET": settings["zoom_client_secret"],
        "SCRIBE_ZOOM_API_URL": settings["zoom_api_url"],
        "SCRIBE_ZOOM_OAUTH_URL": settings["zoom_oauth_url"],
        "SCRIBE_ALLOW_PRIVATE_URLS": "true",
        "OPENAI_API_KEY": "",
    }


def test_a_zoom_share_link_is_found_downloaded_and_summarized(
    tmp_path: Path, zoom: FakeZoom
) -> None:
    zoom.add_user("host@example.com", first_name="Hana", last_name="Host")
    recording = zoom.add_recording(
        "sharedMeeting==",
        host_email="host@example.com",
        topic="Budget review",
        files={"M4A": (DATA / "speech_short.wav").read_bytes()},
    )
    link = "https://us02web.zoom.us" + urlsplit(recording["share_url"]).path + "?pwd=x"
    out = tmp_path / "result.json"
    result = run(["process", link, "--json", str(out)], tmp_path, **zoom_env(zoom))
    assert result.returncode == 0, result.stderr
    document = json.loads(out.read_text())
    assert document["source"]["kind"] == "zoom"
    assert document["summary"]["title"] == "Budget review"
    words = " ".join(s["text"] for s in document["transcript"]["segments"]).lower()
    assert "budget" in words
    downloads = [c for c in zoom.calls if c.path.startswith("/rec/download/")]
    assert len(downloads) == 1


def test_a_zoom_link_the_account_does_not_have_is_refused(tmp_path: Path, zoom: FakeZoom) -> None:
    zoom.add_user("host@example.com")
    result = run(
        ["process", "https://us02web.zoom.us/rec/share/not-ours"], tmp_path, **zoom_env(zoom)
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
