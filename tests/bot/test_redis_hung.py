"""A real `scribe serve` while its Redis hangs (SIGSTOP: connections open, nothing answers).

Slack gives up on a request after 3 seconds, so the client here does too: every request must be
answered within that, with a reply that says what happened, or a 503 that Slack retries, and
the retry goes through once Redis is back."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import redis

from core.domain import ANSWER_QUEUE
from tests.bot.conftest import CHANNEL, SIGNING_SECRET, SlackSender
from tests.bot.processes import OwnRedis, Served, own_redis, scribe_serve
from tests.fakes.server import serving
from tests.fakes.slack_api import FakeSlack

SLACK_PATIENCE_S = 3.0
SUMMARY_TS = "1700000000.000100"
UNAVAILABLE = "cannot reach its queue right now"


def thread_reply(ts: str) -> dict[str, str]:
    return {
        "type": "message",
        "channel": CHANNEL,
        "user": "U0ASKER",
        "text": "When is the budget review?",
        "ts": ts,
        "thread_ts": SUMMARY_TS,
        "channel_type": "channel",
    }


@asynccontextmanager
async def receiver_on(
    own: OwnRedis, slack: FakeSlack, workdir: Path
) -> AsyncIterator[tuple[Served, SlackSender]]:
    env = {
        "SCRIBE_REDIS_URL": own.url,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SCRIBE_SLACK_API_URL": f"{slack.url}/api/",
    }
    with scribe_serve(env, workdir) as served:
        async with httpx.AsyncClient(base_url=served.url, timeout=SLACK_PATIENCE_S) as client:
            yield served, SlackSender(client, slack.url)


async def wait_for_response(slack: FakeSlack) -> dict[str, object]:
    async with asyncio.timeout(10):
        while not slack.responses:
            await asyncio.sleep(0.05)
    return dict(slack.responses[0])


async def test_with_redis_hung_slack_hears_back_in_time_and_nothing_is_lost(
    tmp_path: Path,
) -> None:
    with own_redis() as own, serving(FakeSlack()) as slack:
        with redis.Redis.from_url(own.url) as client:  # a summary whose thread takes questions
            client.set(f"scribe:message:{CHANNEL}:{SUMMARY_TS}", "url:0123456789abcdef01234567")
        async with receiver_on(own, slack, tmp_path) as (served, sender):
            own.hang()
            status = await sender.command("status")
            assert status.status_code == 200
            assert UNAVAILABLE in status.text

            question = await sender.event(thread_reply("1700000001.000200"), event_id="EvQ")
            assert question.status_code == 503  # Slack sends it again

            link = await sender.command("https://files.example.com/all-hands.mp4")
            assert link.status_code == 200
            assert "Got it" in link.text
            told = await wait_for_response(slack)
            assert told["response_type"] == "ephemeral"
            assert UNAVAILABLE in str(told["text"])

            metrics = await sender.client.get("/metrics")
            assert metrics.status_code == 200
            assert "scribe_redis_up 0.0" in metrics.text
            assert (await sender.client.get("/readyz")).status_code == 503

            own.resume()
            retried = await sender.event(thread_reply("1700000001.000200"), event_id="EvQ", retry=1)
            assert retried.status_code == 200
            assert "scribe_redis_up 1.0" in (await sender.client.get("/metrics")).text
        with redis.Redis.from_url(own.url) as client:
            assert client.zcard(ANSWER_QUEUE) == 1
        log = served.log_text()
        assert "Traceback" not in log and '"exception"' not in log
