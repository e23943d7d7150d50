"""Posts and uploads whose reply Slack lost, or whose ledger record a kill prevented, happen
once: what Slack made is looked for and used, never made again."""

from __future__ import annotations

import asyncio

import pytest

from core.domain import JobRequest, SlackTarget, Source
from core.errors import Transient
from integrations.slack.channel import SlackChannels, Tag
from integrations.slack.errors import OutcomeUnknown
from integrations.slack.notifier import SlackKeys, SlackNotifier
from integrations.slack.once import pending, post_once, upload_once
from integrations.slack.review import REVIEW_KEY, SlackReview
from integrations.store.records import RedisStore
from tests.fakes.slack_api import FakeSlack
from tests.integrations.slack.conftest import CHANNEL, meeting

JOB = "job-1"


class KilledAfter(RedisStore):
    """The delivery ledger of a worker killed just before it records `key` (the Slack call
    before it went through): the record never happens and the job stops there."""

    def __init__(self, store: RedisStore, key: str) -> None:
        self.__dict__.update(store.__dict__)
        self._key = key

    async def record(self, job_id: str, key: str, value: str = "1") -> None:
        if key == self._key:
            raise asyncio.CancelledError  # what a worker's shutdown raises into its job
        await super().record(job_id, key, value)


def request() -> JobRequest:
    return JobRequest(
        source=Source(kind="url", ref="https://media.test/standup.mp3"),
        slack=SlackTarget(channel=CHANNEL, requested_by="U0ASKER"),
    )


@pytest.mark.parametrize("how", ["500", "drop"])
async def test_a_post_slack_made_but_did_not_confirm_is_found_not_repeated(
    fake_slack: FakeSlack, channels: SlackChannels, how: str
) -> None:
    fake_slack.act_then_fail("chat.postMessage", "500" if how == "500" else "drop")
    ts = await channels.post(CHANNEL, text="Queued", tag=Tag(JOB, "slack-progress"))
    (message,) = fake_slack.messages_in(CHANNEL)
    assert ts == message["ts"]
    assert len(fake_slack.calls_to("chat.postMessage")) == 1  # not retried by slack_sdk either
    assert fake_slack.calls_to("conversations.history")


async def test_an_untagged_post_is_found_by_its_text(
    fake_slack: FakeSlack, channels: SlackChannels
) -> None:
    """The receiver's "Queued" message carries no job yet: its text finds it."""
    fake_slack.act_then_fail("chat.postMessage", "drop")
    ts = await channels.show(CHANNEL, ts=None, text=":hourglass: Queued: https://media.test/a")
    assert [m["ts"] for m in fake_slack.messages_in(CHANNEL)] == [ts]


async def test_a_post_slack_did_not_make_is_left_for_the_next_try(
    fake_slack: FakeSlack, channels: SlackChannels, store: RedisStore
) -> None:
    fake_slack.fail_next("chat.postMessage", "internal_error", status=500)
    with pytest.raises(OutcomeUnknown):
        await post_once(channels, store, JOB, "slack-progress", channel=CHANNEL, text="Queued")
    assert fake_slack.messages_in(CHANNEL) == []
    assert await store.delivered(JOB, pending("slack-progress"))

    ts = await post_once(channels, store, JOB, "slack-progress", channel=CHANNEL, text="Queued")
    assert [m["ts"] for m in fake_slack.messages_in(CHANNEL)] == [ts]
    assert await store.delivered(JOB, "slack-progress") == ts


async def test_a_post_whose_ledger_record_a_kill_prevented_is_not_posted_again(
    fake_slack: FakeSlack, channels: SlackChannels, store: RedisStore
) -> None:
    killed = KilledAfter(store, "slack-progress")
    with pytest.raises(asyncio.CancelledError):
        await post_once(channels, killed, JOB, "slack-progress", channel=CHANNEL, text="Queued")
    assert len(fake_slack.messages_in(CHANNEL)) == 1

    ts = await post_once(channels, store, JOB, "slack-progress", channel=CHANNEL, text="Queued")
    (message,) = fake_slack.messages_in(CHANNEL)
    assert ts == message["ts"]
    assert message["metadata"]["event_payload"] == {"job_id": JOB, "key": "slack-progress"}


async def test_an_edit_whose_reply_was_lost_is_simply_sent_again(
    fake_slack: FakeSlack, channels: SlackChannels
) -> None:
    ts = await channels.post(CHANNEL, text="Queued")
    fake_slack.act_then_fail("chat.update", "500")
    assert await channels.show(CHANNEL, ts=ts, text="Transcribing") == ts
    assert len(fake_slack.calls_to("chat.update")) == 2  # slack_sdk repeats what is harmless
    assert [m["text"] for m in fake_slack.messages_in(CHANNEL)] == ["Transcribing"]


@pytest.mark.parametrize("how", ["500", "drop"])
async def test_an_upload_slack_shared_but_did_not_confirm_is_shared_once(
    fake_slack: FakeSlack, channels: SlackChannels, store: RedisStore, how: str
) -> None:
    thread = await channels.post(CHANNEL, text="Summary")
    fake_slack.act_then_fail("files.completeUploadExternal", "500" if how == "500" else "drop")
    file_id = await upload_once(
        channels,
        store,
        JOB,
        SlackKeys.TRANSCRIPT,
        channel=CHANNEL,
        thread_ts=thread,
        content="[0:00] Ana: hello\n",
        filename="transcript.txt",
        title="Transcript: Standup",
    )
    assert list(fake_slack.uploaded_files) == [file_id]
    assert len(fake_slack.calls_to("files.completeUploadExternal")) == 1
    assert await store.delivered(JOB, SlackKeys.TRANSCRIPT) == file_id


async def test_a_kill_between_the_upload_and_its_ledger_record_shares_once(
    fake_slack: FakeSlack, channels: SlackChannels, store: RedisStore
) -> None:
    notifier = SlackNotifier(channels, store)
    killed = KilledAfter(store, SlackKeys.TRANSCRIPT)
    with pytest.raises(asyncio.CancelledError):
        await notifier.deliver(request(), JOB, meeting(), killed)
    assert len(fake_slack.uploaded_files) == 1

    await notifier.deliver(request(), JOB, meeting(), store)  # the job's next run

    assert len(fake_slack.uploaded_files) == 1
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
    (file_id,) = fake_slack.uploaded_files
    assert await store.delivered(JOB, SlackKeys.TRANSCRIPT) == file_id


async def test_an_upload_slack_did_not_make_is_retried_later(
    fake_slack: FakeSlack, channels: SlackChannels, store: RedisStore
) -> None:
    notifier = SlackNotifier(channels, store)
    fake_slack.fail_next("files.completeUploadExternal", "internal_error", status=503)
    with pytest.raises(Transient):
        await notifier.deliver(request(), JOB, meeting(), store)
    assert fake_slack.uploaded_files == {}

    await notifier.deliver(request(), JOB, meeting(), store)
    assert len(fake_slack.uploaded_files) == 1
    summary, shared = fake_slack.messages_in(CHANNEL)  # the summary, its file in the thread
    assert shared["thread_ts"] == summary["ts"]
    assert shared["files"][0]["name"] == "transcript.txt"


async def test_a_summary_part_whose_reply_was_dropped_is_posted_once(
    fake_slack: FakeSlack, channels: SlackChannels, store: RedisStore
) -> None:
    notifier = SlackNotifier(channels, store)
    fake_slack.act_then_fail("chat.postMessage", "drop", times=2)  # the message, then part 1
    await notifier.deliver(request(), JOB, meeting(points=30), store)
    summary = await store.delivered(JOB, SlackKeys.SUMMARY)
    assert summary is not None
    parts = [m for m in fake_slack.thread(CHANNEL, summary)[1:] if not m.get("files")]
    assert len(parts) >= 1
    assert len(fake_slack.messages_in(CHANNEL)) == 1 + len(parts) + 1  # + the file's message
    assert [
        await store.delivered(JOB, SlackKeys.summary_part(n + 1)) for n in range(len(parts))
    ] == [p["ts"] for p in parts]


async def test_where_scribe_may_not_read_history_a_lost_post_is_tried_again_later(
    fake_slack: FakeSlack, channels: SlackChannels, store: RedisStore
) -> None:
    """Without channels:history nothing can be found: the job tries again later (a double is
    possible then, a lost summary never)."""
    fake_slack.act_then_fail("chat.postMessage", "500")
    fake_slack.fail_next("conversations.history", "missing_scope")
    with pytest.raises(OutcomeUnknown):
        await post_once(channels, store, JOB, "slack-progress", channel=CHANNEL, text="Queued")
    assert len(fake_slack.messages_in(CHANNEL)) == 1


async def test_a_review_draft_whose_reply_was_lost_is_sent_once(
    fake_slack: FakeSlack, channels: SlackChannels, store: RedisStore
) -> None:
    fake_slack.add_user("U0HOST", "host@example.com", "Hana")
    review = SlackReview(channels)
    asked = request().model_copy(update={"review_by": "host@example.com"})
    fake_slack.act_then_fail("chat.postMessage", "drop")

    assert await review.ask(asked, JOB, meeting(), store)
    assert await review.ask(asked, JOB, meeting(), store)  # asked again: nothing more

    (draft,) = fake_slack.messages_in("DU0HOST")
    assert await store.delivered(JOB, REVIEW_KEY) == f"DU0HOST {draft['ts']}"


async def test_an_edit_is_sent_again_after_a_5xx_or_a_dropped_reply(
    fake_slack: FakeSlack, channels: SlackChannels
) -> None:
    # An edit says the same however often it is sent, so slack_sdk retries it at once.
    ts = await channels.post(CHANNEL, text="Queued")
    fake_slack.fail_next("chat.update", "internal_error", status=500)
    await channels.show(CHANNEL, ts=ts, text="Transcribing")
    fake_slack.act_then_fail("chat.update", "drop")
    await channels.show(CHANNEL, ts=ts, text="Summarizing")

    assert len(fake_slack.calls_to("chat.update")) == 4
    assert [m["text"] for m in fake_slack.messages_in(CHANNEL)] == ["Summarizing"]
