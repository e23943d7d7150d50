"""The loopback Slack's lost replies and history, as slack_sdk meets them (no retry handlers:
what a bare client sees)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes.slack_api import FakeSlack
from tests.integrations.slack.conftest import CHANNEL


@pytest.fixture
async def bare(fake_slack: FakeSlack) -> AsyncIterator[AsyncWebClient]:
    async with aiohttp.ClientSession() as session:
        yield AsyncWebClient(
            token="xoxb-test",
            base_url=f"{fake_slack.url}/api/",
            session=session,
            retry_handlers=[],
        )


async def test_acting_then_answering_500_leaves_the_message(
    fake_slack: FakeSlack, bare: AsyncWebClient
) -> None:
    fake_slack.act_then_fail("chat.postMessage", "500")
    with pytest.raises(SlackApiError) as failed:
        await bare.chat_postMessage(channel=CHANNEL, text="hello")
    assert failed.value.response.status_code == 500
    assert [m["text"] for m in fake_slack.messages_in(CHANNEL)] == ["hello"]
    await bare.chat_postMessage(channel=CHANNEL, text="again")  # once only
    assert len(fake_slack.messages_in(CHANNEL)) == 2


async def test_acting_then_dropping_the_connection_leaves_the_message(
    fake_slack: FakeSlack, bare: AsyncWebClient
) -> None:
    fake_slack.act_then_fail("chat.postMessage", "drop")
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await bare.chat_postMessage(channel=CHANNEL, text="hello")
    assert [m["text"] for m in fake_slack.messages_in(CHANNEL)] == ["hello"]
    (call,) = fake_slack.calls_to("chat.postMessage")
    assert call["lost_reply"] == "drop"


async def test_a_500_without_acting_changes_nothing(
    fake_slack: FakeSlack, bare: AsyncWebClient
) -> None:
    fake_slack.fail_next("chat.postMessage", "internal_error", status=500)
    with pytest.raises(SlackApiError):
        await bare.chat_postMessage(channel=CHANNEL, text="hello")
    assert fake_slack.messages_in(CHANNEL) == []


async def test_history_gives_metadata_only_when_asked_and_no_thread_replies(
    fake_slack: FakeSlack, bare: AsyncWebClient
) -> None:
    metadata = {"event_type": "scribe_delivery", "event_payload": {"job_id": "j", "key": "k"}}
    first = await bare.chat_postMessage(channel=CHANNEL, text="one", metadata=metadata)
    await bare.chat_postMessage(channel=CHANNEL, text="reply", thread_ts=first["ts"])
    await bare.chat_postMessage(channel=CHANNEL, text="two")

    plain = await bare.conversations_history(channel=CHANNEL)
    assert [m["text"] for m in plain["messages"]] == ["two", "one"]  # newest first
    assert all("metadata" not in m for m in plain["messages"])
    full = await bare.conversations_history(channel=CHANNEL, include_all_metadata=True)
    assert full["messages"][1]["metadata"] == metadata
    replies = await bare.conversations_replies(
        channel=CHANNEL, ts=first["ts"], include_all_metadata=True
    )
    assert replies["messages"][0]["metadata"] == metadata
    bare_replies = await bare.conversations_replies(channel=CHANNEL, ts=first["ts"])
    assert "metadata" not in bare_replies["messages"][0]
