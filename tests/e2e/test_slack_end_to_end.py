"""Scribe as a team meets it in Slack, with nothing in-process: a real `scribe serve` on a
port and real `scribe worker` runs, real Redis, and loopback Slack and media servers. Requests
are signed the way Slack signs them and sent over HTTP."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from tests.bot.conftest import CHANNEL, SIGNING_SECRET, SlackSender
from tests.conftest import DATA
from tests.fakes.media_site import MediaSite
from tests.fakes.server import serve
from tests.fakes.slack_api import FakeSlack
from tests.support.scribe_process import run_worker_process_in_burst

_START_TIMEOUT_S = 30.0


@pytest.fixture
def media_url() -> Iterator[str]:
    with serve(MediaSite({"speech.wav": DATA / "speech_short.wav"}).app) as url:
        yield url


@pytest.fixture
def scribe_env(redis_url: str, fake_slack: FakeSlack) -> dict[str, str]:
    return {
        **os.environ,
        "SCRIBE_REDIS_URL": redis_url,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SCRIBE_SLACK_API_URL": f"{fake_slack.url}/api/",
        "SCRIBE_ALLOW_PRIVATE_URLS": "true",
        "SCRIBE_WHISPER_CPU_THREADS": "1",
        "SCRIBE_LOG_FORMAT": "json",
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
async def slack_sender(
    scribe_env: dict[str, str], fake_slack: FakeSlack, tmp_path: Path
) -> AsyncIterator[SlackSender]:
    port = free_port()
    command = [sys.executable, "-m", "scribe", "serve", "--host", "127.0.0.1", "--port", str(port)]
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(command, cwd=tmp_path, env=scribe_env, stdout=log, stderr=log)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base, timeout=10) as client:
            await _wait_healthy(client, server, tmp_path / "serve.log")
            yield SlackSender(client, fake_slack.url)
    finally:
        server.terminate()
        server.wait(timeout=15)
        log.close()


async def _wait_healthy(
    client: httpx.AsyncClient, server: subprocess.Popen[bytes], log: Path
) -> None:
    deadline = time.monotonic() + _START_TIMEOUT_S
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text()[-2000:]
        try:
            if (await client.get("/readyz")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.1)
    raise AssertionError("scribe serve did not become ready")


async def wait_for(slack: FakeSlack, method: str, count: int = 1) -> list[dict[str, object]]:
    async with asyncio.timeout(10):
        while len(calls := slack.calls_to(method)) < count:
            await asyncio.sleep(0.05)
    return calls


async def test_a_link_becomes_a_summary_and_thread_questions_are_answered_once(
    slack_sender: SlackSender,
    fake_slack: FakeSlack,
    media_url: str,
    scribe_env: dict[str, str],
    tmp_path: Path,
) -> None:
    slack = fake_slack
    started = time.monotonic()
    ack = await slack_sender.command(f"<{media_url}/speech.wav>")
    assert time.monotonic() - started < 3
    assert ack.status_code == 200
    assert "Got it" in ack.text
    (progress,) = await wait_for(slack, "chat.postMessage")
    assert progress["params"]["channel"] == CHANNEL

    run_worker_process_in_burst(scribe_env, tmp_path)

    (summary,) = [c["params"] for c in slack.calls_to("chat.update") if c["params"].get("blocks")]
    assert summary["ts"] == progress["response"]["ts"]
    assert "budget" in str(summary["blocks"]).lower()
    (upload,) = slack.uploaded_files.values()
    assert upload["thread_ts"] == summary["ts"]

    question = "When is the budget review?"
    ts = slack.add_human_message(CHANNEL, question, user="U0ASKER", thread_ts=summary["ts"])
    event = {
        "type": "message",
        "channel": CHANNEL,
        "user": "U0ASKER",
        "text": question,
        "ts": ts,
        "thread_ts": summary["ts"],
        "channel_type": "channel",
    }
    for retry in (0, 1):  # Slack sends the event again when it thinks we were too slow
        answer = await slack_sender.event(event, event_id="EvE2E", retry=retry)
        assert answer.status_code == 200
    own = {**event, "user": "UBOT", "bot_id": "BBOT", "text": "Scribe's own reply", "ts": "9.1"}
    assert (await slack_sender.event(own, event_id="EvOwn")).status_code == 200

    run_worker_process_in_burst(scribe_env, tmp_path)

    replies = [
        c["params"]
        for c in slack.calls_to("chat.postMessage")
        if c["params"].get("thread_ts") == summary["ts"]
    ]
    assert len(replies) == 1
    assert "[0:0" in str(replies[0]["text"])
    assert "budget" in str(replies[0]["text"]).lower()


async def test_unsigned_requests_are_refused(slack_sender: SlackSender) -> None:
    response = await slack_sender.client.post(
        "/slack/events",
        content="command=%2Fscribe&text=help",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 401
