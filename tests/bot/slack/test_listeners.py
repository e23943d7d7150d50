"""The Slack app end to end: signed requests into the receiver, real Redis, real workers,
and a loopback server that speaks Slack's Web API through the real slack_sdk."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.slack.verdicts import KEEP_SECONDS
from core.settings import Settings
from tests.bot.conftest import CHANNEL, Receiver, running_receiver
from tests.conftest import DATA, changed
from tests.fakes.media_site import MediaSite
from tests.fakes.openai_api import FakeOpenAI
from tests.fakes.server import serving
from tests.fakes.slack_api import FakeSlack
from tests.support.workers import run_workers_in_burst

EVIL_TRANSCRIPT = (
    "[00:00] Ana: We decided to notify <!channel> about the launch on Friday.\n"
    "[00:06] Ben: We agreed that <@U123> owns the plan at <http://evil.example|click here>.\n"
    "[00:18] Ana: The quarterly budget review is on Thursday afternoon.\n"
    "[00:24] Ben: Good, see you then.\n"
)


@pytest.fixture
def media_site(tmp_path: Path) -> Iterator[MediaSite]:
    page = tmp_path / "page.html"
    page.write_text("<html><body>Not a recording</body></html>")
    evil = tmp_path / "evil.txt"
    evil.write_text(EVIL_TRANSCRIPT)
    site = MediaSite(
        {"speech.wav": DATA / "speech_short.wav", "page.html": page, "notes.txt": evil}
    )
    with serving(site):
        yield site


def summary_message(slack: FakeSlack) -> dict[str, object]:
    (update,) = [c["params"] for c in slack.calls_to("chat.update") if c["params"].get("blocks")]
    return update


async def test_slash_command_is_acknowledged_and_the_summary_posted(
    receiver: Receiver,
    slack_settings: Settings,
    media_site: MediaSite,
    fake_slack: FakeSlack,
) -> None:
    url = media_site.url
    slack = fake_slack
    started = time.monotonic()
    response = await receiver.command(f"<{url}/speech.wav>")
    assert time.monotonic() - started < 3
    assert response.status_code == 200
    assert "Got it" in response.text
    await receiver.settle()
    (progress,) = slack.calls_to("chat.postMessage")
    assert progress["params"]["channel"] == CHANNEL
    assert "Queued" in str(progress["params"]["text"])

    await run_workers_in_burst(slack_settings)

    summary = summary_message(slack)
    assert summary["channel"] == CHANNEL
    assert summary["ts"] == progress["response"]["ts"]  # the progress message became the summary
    blocks = json.dumps(summary["blocks"])
    assert "budget" in blocks.lower()
    (upload,) = slack.uploaded_files.values()
    assert upload["thread_ts"] == summary["ts"]
    assert b"budget" in upload["bytes"].lower()
    states = [str(c["params"]["text"]) for c in slack.calls_to("chat.update")]
    assert any("Transcribing" in s for s in states)


@pytest.mark.parametrize(
    "text,reason",
    [
        ("", "Give me a link"),
        ("ftp://files.example.com/meeting.mp3", "only http and https"),
        ("http://169.254.169.254/latest/meta-data/", "link-local or cloud metadata"),
        ("https://us02web.zoom.us/rec/share/abcdef", "ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID"),
        ("https://drive.google.com/file/d/1AbCdEfGhIjK/view", "GOOGLE_APPLICATION_CREDENTIALS"),
        ("notalink", "is not a link"),
    ],
)
async def test_refused_links_get_a_clear_answer_and_nothing_is_queued(
    receiver: Receiver,
    fake_slack: FakeSlack,
    text: str,
    reason: str,
) -> None:
    slack = fake_slack
    response = await receiver.command(text)
    assert response.status_code == 200
    assert reason in response.text
    await receiver.settle()
    assert slack.calls_to("chat.postMessage") == []
    assert await receiver.app.state.deps.queue.depth() == {"arq:queue": 0, "arq:queue:answers": 0}


async def test_private_address_is_refused_without_a_request(
    fake_slack: FakeSlack,
    media_site: MediaSite,
    slack_settings: Settings,
) -> None:
    site = media_site
    url = media_site.url
    settings = changed(slack_settings, allow_private_urls=False)
    async with running_receiver(settings, fake_slack.url) as receiver:
        response = await receiver.command(f"{url}/speech.wav")
    assert "private" in response.text
    assert sum(site.hits.values()) == 0


async def test_a_web_page_is_refused_after_looking_at_it(
    receiver: Receiver,
    fake_slack: FakeSlack,
    media_site: MediaSite,
) -> None:
    slack = fake_slack
    url = media_site.url
    response = await receiver.command(f"{url}/page.html")
    assert response.status_code == 200
    await receiver.settle()
    (reply,) = slack.responses
    assert "web page" in reply["text"]
    assert reply["response_type"] == "ephemeral"
    assert slack.calls_to("chat.postMessage") == []


async def test_copies_of_a_command_sent_at_once_make_one_job(
    receiver: Receiver,
    fake_slack: FakeSlack,
    media_site: MediaSite,
) -> None:
    slack = fake_slack
    site = media_site
    url = media_site.url
    responses = await asyncio.gather(*(receiver.command(f"{url}/speech.wav") for _ in range(8)))
    assert all(r.status_code == 200 for r in responses)
    texts = [r.text for r in responses]
    assert sum("Got it" in t for t in texts) == 1
    assert all("Got it" in t or "Someone just sent that link" in t for t in texts)
    await receiver.settle()
    later = await receiver.command(f"{url}/speech.wav")  # answered from the verdict
    assert "already on it" in later.text
    assert site.hits["speech.wav"] == 1  # one look at the link
    assert len(slack.calls_to("chat.postMessage")) == 1
    assert slack.responses == []  # the progress message was the answer
    assert await receiver.app.state.deps.queue.depth() == {"arq:queue": 1, "arq:queue:answers": 0}


async def test_copies_of_a_refused_command_hear_why(
    receiver: Receiver,
    fake_slack: FakeSlack,
    media_site: MediaSite,
) -> None:
    slack = fake_slack
    site = media_site
    url = media_site.url
    await asyncio.gather(*(receiver.command(f"{url}/page.html") for _ in range(3)))
    await receiver.settle()
    assert [r["text"] for r in slack.responses] == [slack.responses[0]["text"]] * 3
    assert "web page" in slack.responses[0]["text"]
    assert site.hits["page.html"] == 1
    # A refusal is not remembered: the link is looked at again when sent again.
    await receiver.command(f"{url}/page.html")
    await receiver.settle()
    assert site.hits["page.html"] == 2
    assert slack.calls_to("chat.postMessage") == []


async def test_links_slow_to_answer_do_not_hold_up_the_others(
    receiver: Receiver,
    fake_slack: FakeSlack,
    media_site: MediaSite,
) -> None:
    slack = fake_slack
    site = media_site
    url = media_site.url
    site.files |= {"slow1.wav": DATA / "speech_short.wav", "slow2.wav": DATA / "speech_short.wav"}
    site.hold("slow1.wav")
    site.hold("slow2.wav")
    try:
        await receiver.command(f"{url}/slow1.wav")
        await receiver.command(f"{url}/slow2.wav")
        await receiver.command(f"{url}/speech.wav")
        async with asyncio.timeout(10):
            while not slack.calls_to("chat.postMessage"):
                await asyncio.sleep(0.05)
        (progress,) = slack.calls_to("chat.postMessage")
        assert "speech.wav" in str(progress["params"]["text"])
        assert site.hits["slow1.wav"] == site.hits["slow2.wav"] == 1  # still waiting on both
    finally:
        site.release()
    await receiver.settle()
    assert len(slack.calls_to("chat.postMessage")) == 3


async def test_scribe_joins_a_public_channel_once_so_it_hears_thread_questions(
    receiver: Receiver,
    fake_slack: FakeSlack,
    media_site: MediaSite,
) -> None:
    slack = fake_slack
    url = media_site.url
    await receiver.command(f"{url}/speech.wav")
    await receiver.command(f"{url}/notes.txt")
    await receiver.settle()
    assert slack.joined == [CHANNEL]
    assert len(slack.calls_to("chat.postMessage")) == 2


async def test_a_private_channel_scribe_is_not_in_gets_told_how_to_invite_it(
    receiver: Receiver,
    fake_slack: FakeSlack,
    media_site: MediaSite,
) -> None:
    slack = fake_slack
    url = media_site.url
    slack.add_private_channel("C0SECRET", invited=False)
    response = await receiver.command(f"{url}/speech.wav", channel="C0SECRET")
    assert "Got it" in response.text
    await receiver.settle()
    (reply,) = slack.responses
    assert "/invite @Scribe" in reply["text"]
    assert reply["response_type"] == "ephemeral"
    assert await receiver.app.state.deps.queue.depth() == {"arq:queue": 0, "arq:queue:answers": 0}
    # Once invited, the same link goes through.
    slack.add_private_channel("C0SECRET", invited=True)
    await receiver.command(f"{url}/speech.wav", channel="C0SECRET")
    await receiver.settle()
    assert await receiver.app.state.deps.queue.depth() == {"arq:queue": 1, "arq:queue:answers": 0}


async def test_text_from_the_recording_cannot_mention_or_forge_links(
    receiver: Receiver,
    slack_settings: Settings,
    fake_slack: FakeSlack,
    media_site: MediaSite,
) -> None:
    slack = fake_slack
    url = media_site.url
    await receiver.command(f"{url}/notes.txt")
    await receiver.settle()
    await run_workers_in_burst(slack_settings)
    posted = json.dumps([c["params"] for c in slack.calls if c["method"].startswith("chat.")])
    for raw in ("<!channel>", "<@U123>", "<http://evil.example|click here>"):
        assert raw not in posted
    blocks = json.dumps(summary_message(slack)["blocks"])
    assert "&lt;!channel&gt;" in blocks
    assert "&lt;@U123&gt;" in blocks
    assert "&lt;http://evil.example|click here&gt;" in blocks


async def ask_in_thread(
    receiver: Receiver,
    slack: FakeSlack,
    text: str,
    *,
    event_id: str,
    retry: int = 0,
    **extra: object,
) -> str:
    thread_ts = str(summary_message(slack)["ts"])
    ts = slack.add_human_message(CHANNEL, text, user="U0ASKER", thread_ts=thread_ts)
    event = {
        "type": "message",
        "channel": CHANNEL,
        "user": "U0ASKER",
        "text": text,
        "ts": ts,
        "thread_ts": thread_ts,
        "channel_type": "channel",
        "event_ts": ts,
        **extra,
    }
    response = await receiver.event(event, event_id=event_id, retry=retry)
    assert response.status_code == 200
    return thread_ts


async def summarized(receiver: Receiver, settings: Settings, url: str) -> None:
    await receiver.command(f"{url}/speech.wav")
    await receiver.settle()
    await run_workers_in_burst(settings)


def thread_replies(slack: FakeSlack, thread_ts: str) -> list[dict[str, object]]:
    return [
        c["params"]
        for c in slack.calls_to("chat.postMessage")
        if c["params"].get("thread_ts") == thread_ts and c["params"].get("blocks") in (None, "[]")
    ]


async def test_a_thread_question_is_answered_with_times(
    receiver: Receiver,
    slack_settings: Settings,
    fake_slack: FakeSlack,
    media_site: MediaSite,
) -> None:
    slack = fake_slack
    url = media_site.url
    await summarized(receiver, slack_settings, url)
    thread_ts = await ask_in_thread(receiver, slack, "When is the budget review?", event_id="Ev1")
    await run_workers_in_burst(slack_settings)
    (answer,) = thread_replies(slack, thread_ts)
    assert "[0:00]" in str(answer["text"])
    assert "budget" in str(answer["text"]).lower()


async def test_a_thread_question_is_answered_by_the_model_from_the_transcript(
    receiver: Receiver,
    slack_settings: Settings,
    fake_slack: FakeSlack,
    media_site: MediaSite,
    fake_openai: FakeOpenAI,
) -> None:
    slack = fake_slack
    llm = fake_openai
    llm_url = fake_openai.url
    url = media_site.url
    await summarized(receiver, slack_settings, url)
    llm.queue_reply("The review is on Thursday afternoon [0:00].")
    settings = changed(slack_settings, openai_api_key="test", openai_base_url=f"{llm_url}/v1")
    thread_ts = await ask_in_thread(receiver, slack, "When is the <budget> review?", event_id="Ev2")
    await run_workers_in_burst(settings)
    (answer,) = thread_replies(slack, thread_ts)
    assert answer["text"] == "The review is on Thursday afternoon [0:00]."
    (request,) = llm.chat_requests()
    context = request["messages"][1]["content"]
    assert "[0:00]" in context and "budget" in context.lower()
    assert request["messages"][-1]["content"] == "When is the <budget> review?"
    embedded = [r for r in llm.requests if r["path"].endswith("/embeddings")]
    assert embedded, "passages were ranked with embeddings from the same server"


async def test_a_retried_event_is_answered_once(
    receiver: Receiver,
    slack_settings: Settings,
    fake_slack: FakeSlack,
    media_site: MediaSite,
) -> None:
    slack = fake_slack
    url = media_site.url
    await summarized(receiver, slack_settings, url)
    thread_ts = await ask_in_thread(receiver, slack, "Who has the budget?", event_id="Ev3")
    await ask_in_thread(receiver, slack, "Who has the budget?", event_id="Ev3", retry=1)
    await run_workers_in_burst(slack_settings)
    await ask_in_thread(receiver, slack, "Who has the budget?", event_id="Ev3", retry=2)
    await run_workers_in_burst(slack_settings)
    assert len(thread_replies(slack, thread_ts)) == 1


@pytest.mark.parametrize(
    "extra",
    [
        {"bot_id": "BBOT", "user": "UBOT"},
        {"subtype": "message_changed"},
        {"subtype": "message_deleted"},
    ],
    ids=["bot", "edit", "deletion"],
)
async def test_bots_edits_and_deletions_are_ignored(
    receiver: Receiver,
    slack_settings: Settings,
    fake_slack: FakeSlack,
    media_site: MediaSite,
    extra: dict[str, object],
) -> None:
    slack = fake_slack
    url = media_site.url
    await summarized(receiver, slack_settings, url)
    await ask_in_thread(receiver, slack, "When is the budget review?", event_id="Ev4", **extra)
    assert (await receiver.app.state.deps.queue.depth())["arq:queue:answers"] == 0


async def test_threads_that_are_not_scribes_are_ignored(
    receiver: Receiver,
    fake_slack: FakeSlack,
) -> None:
    event = {
        "type": "message",
        "channel": CHANNEL,
        "user": "U0ASKER",
        "text": "lunch?",
        "ts": "1700000001.000200",
        "thread_ts": "1700000000.000100",
    }
    response = await receiver.event(event, event_id="Ev5")
    assert response.status_code == 200
    assert (await receiver.app.state.deps.queue.depth())["arq:queue:answers"] == 0


async def test_slack_rate_limits_are_waited_out(
    receiver: Receiver,
    slack_settings: Settings,
    fake_slack: FakeSlack,
    media_site: MediaSite,
) -> None:
    slack = fake_slack
    url = media_site.url
    slack.rate_limit_next("files.getUploadURLExternal", retry_after=1, times=1)
    await summarized(receiver, slack_settings, url)
    assert len(slack.uploaded_files) == 1
    assert len(slack.calls_to("files.getUploadURLExternal")) == 2


async def test_status_lists_the_channels_jobs(
    receiver: Receiver,
    slack_settings: Settings,
    fake_slack: FakeSlack,
    media_site: MediaSite,
) -> None:
    slack = fake_slack
    url = media_site.url
    started = time.monotonic()
    await summarized(receiver, slack_settings, url)
    response = await receiver.command("status")
    text = response.text
    assert "done" in text
    assert f"{url}/speech.wav" in text
    # Once the receiver no longer remembers the link, it looks it up and says where it is.
    await asyncio.sleep(max(0.0, KEEP_SECONDS - (time.monotonic() - started)))
    again = await receiver.command(f"{url}/speech.wav")
    assert "Got it" in again.text
    await receiver.settle()
    (reply,) = slack.responses
    assert "was summarized just now: https://slack.com/archives/C0TEAM/p" in reply["text"]
    assert reply["response_type"] == "ephemeral"


async def test_help_explains_usage(receiver: Receiver) -> None:
    response = await receiver.command("help")
    assert "/scribe status" in response.text


async def test_unsigned_requests_are_refused(receiver: Receiver) -> None:
    response = await receiver.client.post(
        "/slack/events",
        content="command=%2Fscribe&text=help",
        headers={
            "X-Slack-Request-Timestamp": str(int(time.time())),
            "X-Slack-Signature": "v0=deadbeef",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    assert response.status_code == 401


async def test_earlier_questions_in_the_thread_are_context(
    receiver: Receiver,
    slack_settings: Settings,
    fake_slack: FakeSlack,
    media_site: MediaSite,
    fake_openai: FakeOpenAI,
) -> None:
    slack = fake_slack
    llm = fake_openai
    llm_url = fake_openai.url
    url = media_site.url
    await summarized(receiver, slack_settings, url)
    settings = changed(
        slack_settings, openai_api_key="test", openai_base_url=f"{llm_url}/v1", embedding_model=""
    )
    llm.queue_reply("The budget review is on Thursday [0:00].")
    await ask_in_thread(receiver, slack, "When is the budget review?", event_id="Ev6")
    await run_workers_in_burst(settings)
    llm.queue_reply("In the afternoon [0:00].")
    await ask_in_thread(receiver, slack, "At what time of day?", event_id="Ev7")
    await run_workers_in_burst(settings)
    second = llm.chat_requests()[1]["messages"]
    assert {"role": "user", "content": "When is the budget review?"} in second
    assert {"role": "assistant", "content": "The budget review is on Thursday [0:00]."} in second
    assert second[-1] == {"role": "user", "content": "At what time of day?"}


async def test_a_command_while_redis_is_down_says_so(
    slack_settings: Settings, fake_slack: FakeSlack
) -> None:
    slack = fake_slack
    slack_url = fake_slack.url
    settings = changed(slack_settings, redis_url="redis://127.0.0.1:1/0")
    async with running_receiver(settings, slack_url) as receiver:
        response = await receiver.command("https://x.test/a.mp3")
        await receiver.settle()
    assert response.status_code == 200
    (reply,) = slack.responses
    assert "cannot reach its queue" in reply["text"]
    assert reply["response_type"] == "ephemeral"
