"""One answer per message in a summary's thread, whatever the event ids Slack sends it under."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.settings import Settings
from tests.bot.conftest import CHANNEL, Receiver
from tests.bot.slack.test_listeners import summarized, summary_message, thread_replies
from tests.conftest import DATA
from tests.fakes.media_site import MediaSite
from tests.fakes.server import serving
from tests.fakes.slack_api import FakeSlack
from tests.support.workers import run_workers_in_burst


@pytest.fixture
def media_site(tmp_path: Path) -> Iterator[MediaSite]:
    with serving(MediaSite({"speech.wav": DATA / "speech_short.wav"})) as site:
        yield site


def reply_in(slack: FakeSlack, thread_ts: str, text: str, kind: str) -> dict[str, str]:
    ts = slack.add_human_message(CHANNEL, text, user="U0ASKER", thread_ts=thread_ts)
    return {
        "type": kind,
        "channel": CHANNEL,
        "user": "U0ASKER",
        "text": text,
        "ts": ts,
        "thread_ts": thread_ts,
        "event_ts": ts,
    }


async def test_a_mention_sent_as_message_and_app_mention_is_answered_once(
    receiver: Receiver, slack_settings: Settings, fake_slack: FakeSlack, media_site: MediaSite
) -> None:
    await summarized(receiver, slack_settings, media_site.url)
    thread_ts = str(summary_message(fake_slack)["ts"])
    message = reply_in(fake_slack, thread_ts, "<@UBOT> when is the budget review?", "message")
    mention = {**message, "type": "app_mention"}
    for event, event_id in ((message, "EvMsg"), (mention, "EvMention"), (message, "EvAgain")):
        assert (await receiver.event(event, event_id=event_id)).status_code == 200
    # Slack's retry of the first event, after the others: still the same question.
    assert (await receiver.event(message, event_id="EvMsg", retry=1)).status_code == 200
    await run_workers_in_burst(slack_settings)
    (answer,) = thread_replies(fake_slack, thread_ts)
    assert "budget" in str(answer["text"]).lower()


async def test_each_message_in_a_thread_gets_its_own_answer(
    receiver: Receiver, slack_settings: Settings, fake_slack: FakeSlack, media_site: MediaSite
) -> None:
    await summarized(receiver, slack_settings, media_site.url)
    thread_ts = str(summary_message(fake_slack)["ts"])
    first = reply_in(fake_slack, thread_ts, "When is the budget review?", "message")
    second = reply_in(fake_slack, thread_ts, "Which afternoon is the review?", "message")
    assert (await receiver.event(first, event_id="Ev1")).status_code == 200
    assert (await receiver.event(second, event_id="Ev2")).status_code == 200
    await run_workers_in_burst(slack_settings)
    assert len(thread_replies(fake_slack, thread_ts)) == 2
