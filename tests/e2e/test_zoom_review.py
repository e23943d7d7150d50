"""SCRIBE_REVIEW_MODE=host: the host approves or discards a Zoom meeting's draft in Slack
before anyone else sees it. Real receiver (signed Zoom webhook, signed Slack button
presses), real worker and model, real Redis, loopback Zoom, Slack and SMTP."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Callable
from typing import Any

import pytest

from core.domain import JobRequest, Source
from core.settings import Settings
from integrations.slack.review import APPROVE, DISCARD
from integrations.store.records import RedisStore
from tests.bot.conftest import SIGNING_SECRET, Receiver, running_receiver, signed_headers
from tests.conftest import DATA
from tests.e2e.conftest import ZOOM_SECRET, post_zoom_webhook
from tests.fakes.slack_api import FakeSlack
from tests.fakes.smtp import Mailbox
from tests.fakes.zoom_api import FakeZoom
from tests.support.workers import run_workers_in_burst

UUID = "review+Meeting1=="
CHANNEL = "C0ZOOM"
HOST = "host@example.com"
JOB_ID = JobRequest(source=Source(kind="zoom", ref=UUID)).job_id


@pytest.fixture
def meeting(zoom: FakeZoom) -> FakeZoom:
    """A recorded meeting of the host and Ana."""
    audio = (DATA / "speech_short.wav").read_bytes()
    zoom.add_recording(UUID, host_email=HOST, topic="Budget review", files={"M4A": audio})
    zoom.set_participants(
        UUID,
        [
            {"name": "Hana Host", "user_email": HOST},
            {"name": "Ana", "user_email": "ana@example.com"},
        ],
    )
    return zoom


@pytest.fixture
def review_settings(
    make_settings: Callable[..., Settings],
    redis_url: str,
    fake_slack: FakeSlack,
    meeting: FakeZoom,
    mailbox: tuple[Mailbox, int],
) -> Settings:
    settings: Settings = make_settings(
        redis_url=redis_url,
        slack_bot_token="xoxb-test",
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=f"{fake_slack.url}/api/",
        zoom_webhook_secret_token=ZOOM_SECRET,
        default_channel=CHANNEL,
        review_mode="host",
        allow_private_urls=True,
        smtp_host="127.0.0.1",
        smtp_port=mailbox[1],
        smtp_starttls=False,
        email_from="scribe@example.com",
        **meeting.settings(),
    )
    return settings


async def webhook(receiver: Receiver, zoom: FakeZoom) -> None:
    assert await post_zoom_webhook(receiver.client, zoom.recording_event(UUID)) == 200


async def press(receiver: Receiver, draft: dict[str, Any], action_id: str) -> None:
    """What Slack sends when the host presses a button on the draft."""
    (button,) = [
        e for b in draft["blocks"] if b["type"] == "actions" for e in b["elements"]
        if e["action_id"] == action_id
    ]  # fmt: skip
    payload = {
        "type": "block_actions",
        "team": {"id": "T0001"},
        "user": {"id": "U0HOST"},
        "api_app_id": "A0001",
        "container": {"type": "message", "channel_id": draft["channel"], "message_ts": draft["ts"]},
        "channel": {"id": draft["channel"]},
        "message": {"ts": draft["ts"], "text": draft["text"]},
        "actions": [{**button, "type": "button", "block_id": "b", "action_ts": "2.2"}],
        "response_url": f"{receiver.slack_url}/response_url/9",
        "trigger_id": "1.2.3",
    }
    body = urllib.parse.urlencode({"payload": json.dumps(payload)})
    headers = signed_headers(body, **{"Content-Type": "application/x-www-form-urlencoded"})
    response = await receiver.client.post("/slack/events", content=body, headers=headers)
    assert response.status_code == 200
    await receiver.settle()


def drafts(slack: FakeSlack) -> list[dict[str, Any]]:
    """The host's direct messages as they stand now (edits applied)."""
    return [{**m, "channel": "DU0HOST"} for m in slack.messages_in("DU0HOST")]


def channel_messages(slack: FakeSlack) -> list[dict[str, Any]]:
    return slack.messages_in(CHANNEL)


def channel_summaries(slack: FakeSlack) -> list[dict[str, Any]]:
    return [m for m in channel_messages(slack) if m.get("blocks")]


async def test_nothing_is_shared_until_the_host_approves(
    review_settings: Settings,
    fake_slack: FakeSlack,
    zoom: FakeZoom,
    mailbox: tuple[Mailbox, int],
) -> None:
    fake_slack.add_user("U0HOST", HOST, "Hana Host")
    async with running_receiver(review_settings, fake_slack.url) as receiver:
        await webhook(receiver, zoom)
        await run_workers_in_burst(review_settings)
        status = await receiver.app.state.deps.store.get(JOB_ID)
        assert status is not None and status.state == "review"
        (draft,) = drafts(fake_slack)
        assert "Budget review" in json.dumps(draft["blocks"])
        assert channel_messages(fake_slack) == []  # not even a progress message
        assert mailbox[0].recipients() == []

        await press(receiver, draft, APPROVE)
        await run_workers_in_burst(review_settings)

        status = await receiver.app.state.deps.store.get(JOB_ID)
    assert status is not None and status.state == "done"
    assert len(channel_summaries(fake_slack)) == 1
    assert sorted(mailbox[0].recipients()) == ["ana@example.com", HOST]
    updated = [
        c["params"]
        for c in fake_slack.calls_to("chat.update")
        if c["params"]["channel"] == "DU0HOST"
    ]
    assert "Approved" in updated[-1]["text"]
    assert len(drafts(fake_slack)) == 1  # the resumed job did not ask again


async def test_a_discarded_draft_is_deleted_and_never_shared(
    review_settings: Settings,
    fake_slack: FakeSlack,
    zoom: FakeZoom,
    mailbox: tuple[Mailbox, int],
    redis_url: str,
) -> None:
    fake_slack.add_user("U0HOST", HOST, "Hana Host")
    async with running_receiver(review_settings, fake_slack.url) as receiver:
        await webhook(receiver, zoom)
        await run_workers_in_burst(review_settings)
        (draft,) = drafts(fake_slack)
        await press(receiver, draft, DISCARD)
        await press(receiver, draft, APPROVE)  # too late: nothing to approve
        await run_workers_in_burst(review_settings)
        store: RedisStore = receiver.app.state.deps.store
        status = await store.get(JOB_ID)
        assert await store.load_result(JOB_ID) is None
        assert await store.load_details(JOB_ID) == []
    assert status is not None and status.reason == "discarded by the host"
    assert channel_messages(fake_slack) == []
    assert mailbox[0].recipients() == []
    texts = [c["params"]["text"] for c in fake_slack.calls_to("chat.update")]
    assert any("Discarded" in t for t in texts)
    assert any("already approved or discarded" in t for t in texts)


async def test_a_host_missing_from_slack_means_the_summary_is_shared_with_a_note(
    review_settings: Settings, fake_slack: FakeSlack, zoom: FakeZoom
) -> None:
    async with running_receiver(review_settings, fake_slack.url) as receiver:
        await webhook(receiver, zoom)
        await run_workers_in_burst(review_settings)
    assert drafts(fake_slack) == []
    (summary,) = channel_summaries(fake_slack)
    notes = [
        c["params"] for c in fake_slack.calls_to("chat.postMessage")
        if "could not be found in Slack" in str(c["params"].get("text"))
    ]  # fmt: skip
    assert len(notes) == 1
