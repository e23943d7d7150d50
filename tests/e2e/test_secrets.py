"""A presigned link's secret reaches the server it signs for, and nothing else: not a log line of
`scribe serve` or `scribe worker`, not a Slack post, not the records Scribe keeps in Redis.

Real processes as in test_slack_end_to_end: a link is sent to `/scribe`, a worker makes the
summary, a thread question is answered; then every line and post is searched for the secret."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.bot.conftest import CHANNEL, SlackSender
from tests.e2e.test_slack_end_to_end import (  # noqa: F401 - fixtures, used by name
    scribe_env,
    slack_sender,
    wait_for,
)
from tests.fakes.media_site import MediaSite
from tests.fakes.server import serving
from tests.fakes.slack_api import FakeSlack
from tests.scribe.helpers import ZOOM_VTT
from tests.support.scribe_process import run_worker_process_in_burst

SIGNATURE = secrets.token_hex(16)  # new for each run: it can only be found where it leaked
QUERY = (
    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20260501%2Fus-east-1"
    f"&X-Amz-Expires=600&X-Amz-Signature={SIGNATURE}"
)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[MediaSite]:
    transcript = tmp_path / "site" / "meeting.vtt"
    transcript.parent.mkdir()
    transcript.write_text(ZOOM_VTT)
    with serving(MediaSite({"meeting.vtt": transcript})) as media:
        yield media


async def test_a_signed_links_secret_is_used_to_fetch_and_found_nowhere_else(
    slack_sender: SlackSender,  # noqa: F811 - the fixture imported above
    fake_slack: FakeSlack,
    site: MediaSite,
    scribe_env: dict[str, str],  # noqa: F811
    redis_url: str,
    tmp_path: Path,
) -> None:
    shown = f"{site.url}/meeting.vtt"
    ack = await slack_sender.command(f"<{shown}?{QUERY}>")
    assert ack.status_code == 200
    (progress,) = await wait_for(fake_slack, "chat.postMessage")
    assert shown in str(progress["params"]["text"])  # the link is shown, without its query

    worker = run_worker_process_in_burst(scribe_env, tmp_path)
    (summary,) = [c for c in fake_slack.calls_to("chat.update") if c["params"].get("blocks")]
    ts = summary["params"]["ts"]
    question = "When does the beta ship?"
    asked = fake_slack.add_human_message(CHANNEL, question, user="U0ASKER", thread_ts=ts)
    event = {"type": "message", "channel": CHANNEL, "user": "U0ASKER", "text": question}
    event |= {"ts": asked, "thread_ts": ts, "channel_type": "channel"}
    assert (await slack_sender.event(event, event_id="EvSecret")).status_code == 200
    answers = run_worker_process_in_burst(scribe_env, tmp_path)
    assert any(c["params"].get("thread_ts") == ts for c in fake_slack.calls_to("chat.postMessage"))

    # The whole link, secret and all, was what the receiver checked and the worker fetched.
    assert site.queries and all(SIGNATURE in query for query in site.queries)
    assert site.hits["meeting.vtt"] >= 2

    logs = {
        "serve": (tmp_path / "serve.log").read_text(),
        "worker": worker.stdout + worker.stderr,
        "worker (questions)": answers.stdout + answers.stderr,
    }
    assert all(text.count("\n") >= 3 for text in logs.values()), logs  # they did log
    posts = {
        "slash command reply": ack.text,
        "Web API calls": json.dumps([c["params"] for c in fake_slack.calls], default=str),
        "response_url posts": json.dumps(fake_slack.responses, default=str),
        "uploads": repr([f.get("bytes") for f in fake_slack.uploaded_files.values()]),
    }
    records = _scribe_records(redis_url)  # arq's own job payload may keep the link
    assert any(key.startswith("scribe:job:") for key in records)
    assert any(key.startswith("scribe:meeting:") for key in records)
    for where, text in {**logs, **posts, **records}.items():
        assert SIGNATURE not in text, where


def _scribe_records(redis_url: str) -> dict[str, str]:
    """Every record Scribe keeps in Redis, each as text."""
    readers = {
        b"string": lambda r, k: r.get(k),
        b"hash": lambda r, k: r.hgetall(k),
        b"list": lambda r, k: r.lrange(k, 0, -1),
        b"set": lambda r, k: r.smembers(k),
        b"zset": lambda r, k: r.zrange(k, 0, -1, withscores=True),
    }
    client = redis.Redis.from_url(redis_url)
    try:
        return {
            key.decode(): repr(readers[client.type(key)](client, key))
            for key in client.scan_iter("scribe:*")
        }
    finally:
        client.close()
