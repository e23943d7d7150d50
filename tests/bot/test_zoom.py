"""`POST /webhooks/zoom` through the real receiver: signed the way Zoom signs, real Redis."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from core.domain import JobRequest, Source
from core.settings import Settings
from integrations.zoom.webhook import sign, stored_event
from tests.bot.conftest import running_receiver
from tests.fakes.slack_api import FakeSlack

SECRET = "zoom-webhook-secret"
UUID = "/ajXp112QmuoKj4854875=="


def recording_body(
    *,
    event: str = "recording.completed",
    topic: str = "Weekly sync",
    files: list[Any] | None = None,
) -> dict[str, Any]:
    default = [
        {
            "id": "m4a",
            "file_type": "M4A",
            "recording_type": "audio_only",
            "download_url": "https://zoom.us/rec/download/m4a",
            "status": "completed",
        }
    ]
    return {
        "event": event,
        "event_ts": int(time.time() * 1000),
        "download_token": f"token-{event}",
        "payload": {
            "object": {
                "uuid": UUID,
                "topic": topic,
                "host_email": "host@example.com",
                "recording_files": default if files is None else files,
            }
        },
    }


def signed(body: bytes, *, secret: str = SECRET, age: int = 0) -> dict[str, str]:
    stamp = str(int(time.time()) - age)
    return {
        "x-zm-request-timestamp": stamp,
        "x-zm-signature": sign(secret, stamp, body),
        "content-type": "application/json; charset=utf-8",
    }


class ZoomSender:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def send(self, body: dict[str, Any], **sign_args: Any) -> httpx.Response:
        raw = json.dumps(body).encode()
        return await self.client.post(
            "/webhooks/zoom", content=raw, headers=signed(raw, **sign_args)
        )


@pytest.fixture
def zoom_settings(
    make_settings: Callable[..., Settings],
    redis_url: str,
    fake_slack: FakeSlack,
    tmp_path: Path,
) -> Settings:
    routes = tmp_path / "routes.yaml"
    routes.write_text("routes:\n  - topic: '*1:1*'\n    skip: true\n")
    settings: Settings = make_settings(
        redis_url=redis_url,
        slack_bot_token="xoxb-test",
        slack_api_url=f"{fake_slack.url}/api/",
        zoom_webhook_secret_token=SECRET,
        default_channel="C0MEETINGS",
        routes_file=routes,
    )
    return settings


@pytest.fixture
async def zoom(zoom_settings: Settings, fake_slack: FakeSlack) -> AsyncIterator[Any]:
    async with running_receiver(zoom_settings, fake_slack.url) as receiver:
        yield receiver.app.state.deps, ZoomSender(receiver.client)


JOB_ID = JobRequest(source=Source(kind="zoom", ref=UUID)).job_id


async def test_url_validation_is_answered_with_the_encrypted_token(zoom: Any) -> None:
    _, sender = zoom
    body = {"event": "endpoint.url_validation", "payload": {"plainToken": "qgg8vlvZRS6UYooatFL8Aw"}}
    answer = await sender.send(body)
    assert answer.status_code == 200
    # hex(HMAC-SHA256(key=secret, msg=plainToken)), as Zoom's sample computes it
    assert answer.json() == {
        "plainToken": "qgg8vlvZRS6UYooatFL8Aw",
        "encryptedToken": "652a0188f06bf15dec80150c3da2729148fdcb8439d1f19ff7eba53901875baf",
    }


async def test_a_recording_event_queues_one_job_routed_to_the_default_channel(zoom: Any) -> None:
    deps, sender = zoom
    answer = await sender.send(recording_body())
    assert answer.status_code == 200
    assert answer.json() == {"status": "queued"}
    status = await deps.store.get(JOB_ID)
    assert status is not None
    assert status.state == "queued"
    assert status.channel == "C0MEETINGS"
    assert status.source.title == "Weekly sync"
    assert await deps.queue.depth() == {"arq:queue": 1, "arq:queue:answers": 0}


async def test_the_same_event_twice_and_the_transcript_event_make_one_job(zoom: Any) -> None:
    deps, sender = zoom
    assert (await sender.send(recording_body())).json() == {"status": "queued"}
    assert (await sender.send(recording_body())).json() == {"status": "duplicate"}
    transcript = [
        {
            "id": "vtt",
            "file_type": "TRANSCRIPT",
            "download_url": "https://zoom.us/rec/download/vtt",
            "status": "completed",
        }
    ]
    later = recording_body(event="recording.transcript_completed", files=transcript)
    assert (await sender.send(later)).json() == {"status": "duplicate"}
    assert await deps.queue.depth() == {"arq:queue": 1, "arq:queue:answers": 0}
    stored = stored_event(await deps.store.load_details(JOB_ID))
    assert stored is not None
    assert [f.file_type for f in stored.recording.recording_files] == ["M4A", "TRANSCRIPT"]
    assert stored.kind == "recording.completed"
    assert stored.download_token == "token-recording.transcript_completed"


@pytest.mark.parametrize(
    "tamper",
    ["wrong secret", "stale timestamp", "future timestamp", "no signature", "altered body"],
)
async def test_unsigned_or_stale_events_get_401_and_queue_nothing(zoom: Any, tamper: str) -> None:
    deps, sender = zoom
    raw = json.dumps(recording_body()).encode()
    headers = signed(raw)
    if tamper == "wrong secret":
        headers = signed(raw, secret="not-the-secret")
    elif tamper == "stale timestamp":
        headers = signed(raw, age=301)
    elif tamper == "future timestamp":
        headers = signed(raw, age=-301)
    elif tamper == "no signature":
        del headers["x-zm-signature"]
    else:
        raw = raw.replace(b"Weekly", b"Weakly")
    answer = await sender.client.post("/webhooks/zoom", content=raw, headers=headers)
    assert answer.status_code == 401
    assert await deps.store.get(JOB_ID) is None
    assert await deps.queue.depth() == {"arq:queue": 0, "arq:queue:answers": 0}


async def test_opted_out_meetings_and_other_events_are_acknowledged_and_ignored(zoom: Any) -> None:
    deps, sender = zoom
    skipped = await sender.send(recording_body(topic="Ana / Ben 1:1"))
    assert skipped.json() == {"status": "skipped"}
    other = await sender.send({"event": "meeting.started", "payload": {"object": {"id": 1}}})
    assert other.status_code == 200
    assert other.json() == {"status": "ignored"}
    assert await deps.queue.depth() == {"arq:queue": 0, "arq:queue:answers": 0}
    assert await deps.store.load_details(JOB_ID) == []


async def test_deliveries_arriving_together_make_one_job_and_lose_no_file(zoom: Any) -> None:
    deps, sender = zoom
    transcript = [
        {
            "id": "vtt",
            "file_type": "TRANSCRIPT",
            "download_url": "https://zoom.us/rec/download/vtt",
            "status": "completed",
        }
    ]
    later = recording_body(event="recording.transcript_completed", files=transcript)
    bodies = [recording_body()] * 5 + [later] * 5
    answers = await asyncio.gather(*(sender.send(body) for body in bodies))
    assert sorted(a.json()["status"] for a in answers) == ["duplicate"] * 9 + ["queued"]
    assert await deps.queue.depth() == {"arq:queue": 1, "arq:queue:answers": 0}
    stored = stored_event(await deps.store.load_details(JOB_ID))
    assert stored is not None
    assert sorted(f.file_type for f in stored.recording.recording_files) == ["M4A", "TRANSCRIPT"]
    assert stored.kind == "recording.completed"


async def test_while_redis_is_away_zoom_gets_503_to_retry_later(
    make_settings: Callable[..., Settings], fake_slack: FakeSlack
) -> None:
    settings = make_settings(redis_url="redis://127.0.0.1:1/0", zoom_webhook_secret_token=SECRET)
    async with running_receiver(settings, fake_slack.url) as receiver:
        raw = json.dumps(recording_body()).encode()
        answers = await asyncio.gather(
            *(
                receiver.client.post("/webhooks/zoom", content=raw, headers=signed(raw))
                for _ in range(3)
            )
        )
    assert [a.status_code for a in answers] == [503] * 3
    assert all("Zoom will retry" in a.json()["error"] for a in answers)


async def test_without_a_secret_token_zoom_is_refused(
    make_settings: Callable[..., Settings], redis_url: str, fake_slack: FakeSlack
) -> None:
    settings = make_settings(redis_url=redis_url)
    async with running_receiver(settings, fake_slack.url) as receiver:
        raw = json.dumps(recording_body()).encode()
        answer = await receiver.client.post("/webhooks/zoom", content=raw, headers=signed(raw))
    assert answer.status_code == 503
    assert "ZOOM_WEBHOOK_SECRET_TOKEN" in answer.json()["error"]
