"""A real `scribe worker` under a Redis that is down at start, killed mid-job and between
jobs, and hung (SIGSTOP) mid-job: the process lives on, says so in a few lines, and every job
ends once."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any, TypeVar

import pytest
from redis.exceptions import RedisError

from core.domain import Question
from core.errors import Transient
from core.settings import Settings
from integrations.slack.notifier import SlackKeys
from integrations.wiring.receiver import ReceiverDeps, build_receiver_deps
from tests.conftest import DATA
from tests.fakes.media_site import MediaSite
from tests.fakes.server import serving
from tests.fakes.slack_api import FakeSlack
from tests.support.scribe_process import WORKER
from tests.worker.conftest import CHANNEL, link_request
from tests.worker.redis_control import RedisControl
from tests.worker.test_worker_process import worker_env

T = TypeVar("T")
OUTAGE_EVENTS = ("worker.redis_unavailable", "worker.redis_still_unavailable")


async def eventually(
    read: Callable[[], Awaitable[T]], until: Callable[[T], bool], *, timeout: float
) -> T:
    """Read until the value is what we wait for; Redis may be coming back meanwhile."""
    deadline = time.monotonic() + timeout
    value: Any = None
    while time.monotonic() < deadline:
        try:
            value = await read()
        except (Transient, RedisError, OSError):
            value = None
        else:
            if until(value):
                return value  # type: ignore[no-any-return]
        await asyncio.sleep(0.1)
    raise AssertionError(f"still {value!r} after {timeout:g} s")


def log_lines(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


@pytest.fixture
def redis_control(tmp_path: Path) -> Iterator[RedisControl]:
    folder = tmp_path / "redis"
    folder.mkdir()
    control = RedisControl(folder)
    try:
        yield control
    finally:
        control.stop()


@pytest.fixture
def site() -> Iterator[MediaSite]:
    files = dict.fromkeys(("first.wav", "second.wav"), DATA / "speech_short.wav")
    with serving(MediaSite(files)) as served:
        yield served
        served.release()


@pytest.fixture
def outage_settings(
    make_settings: Callable[..., Settings], redis_control: RedisControl, fake_slack: FakeSlack
) -> Settings:
    settings: Settings = make_settings(
        redis_url=redis_control.url,
        slack_bot_token="xoxb-test",
        slack_api_url=f"{fake_slack.url}/api/",
        allow_private_urls=True,
        retry_base_s=0.1,
        worker_lease_s=2,
    )
    return settings


@pytest.fixture
async def receiver(outage_settings: Settings) -> AsyncIterator[ReceiverDeps]:
    async with AsyncExitStack() as closers:
        yield build_receiver_deps(outage_settings, closers=closers)


async def test_a_worker_outlives_redis_going_away_and_hanging(
    tmp_path: Path,
    redis_control: RedisControl,
    outage_settings: Settings,
    receiver: ReceiverDeps,
    site: MediaSite,
    fake_slack: FakeSlack,
) -> None:
    store, queue, slack = receiver.store, receiver.queue, fake_slack
    stderr_path = tmp_path / "worker.log"
    with stderr_path.open("wb") as stderr:
        worker = subprocess.Popen(  # noqa: S603 - our own command
            WORKER, cwd=tmp_path, env=worker_env(outage_settings), stderr=stderr
        )
    try:
        # Redis down at start: the worker says so, naming the setting, and waits.
        await eventually(
            lambda: asyncio.sleep(0, log_lines(stderr_path)),
            lambda lines: any(line["event"] == "worker.redis_unavailable" for line in lines),
            timeout=60,
        )
        assert "SCRIBE_REDIS_URL" in stderr_path.read_text()
        redis_control.start()

        # Killed mid-job: the download ends while Redis is away, the job is handed back.
        site.hold("first.wav")
        first = link_request(f"{site.url}/first.wav")
        await queue.submit(first)
        await eventually(lambda: asyncio.sleep(0, site.hits["first.wav"]), bool, timeout=90)
        redis_control.kill()
        site.release()
        await eventually(  # the job found Redis gone and gave itself back to the queue
            lambda: asyncio.sleep(0, log_lines(stderr_path)),
            lambda lines: any(line["event"] == "job.will_retry" for line in lines),
            timeout=60,
        )
        redis_control.start()
        done = await eventually(
            lambda: store.get(first.job_id),
            lambda s: s is not None and s.state == "done",
            timeout=90,
        )
        assert done is not None

        # Killed and hung between jobs.
        redis_control.kill()
        await asyncio.sleep(1.0)
        redis_control.start()
        redis_control.pause()
        await asyncio.sleep(1.0)
        redis_control.resume()

        # Hung mid-job.
        second = link_request(f"{site.url}/second.wav")
        await eventually(lambda: queue.submit(second), lambda s: s.created, timeout=30)
        await eventually(lambda: asyncio.sleep(0, site.hits["second.wav"]), bool, timeout=30)
        redis_control.pause()
        await asyncio.sleep(2.5)
        redis_control.resume()
        await eventually(
            lambda: store.get(second.job_id),
            lambda s: s is not None and s.state == "done",
            timeout=90,
        )

        # A question asked after it all is answered, once.
        summary_ts = await store.delivered(first.job_id, SlackKeys.SUMMARY)
        assert summary_ts is not None
        text = "What did they say?"
        asked = slack.add_human_message(CHANNEL, text, user="U0ASKER", thread_ts=summary_ts)
        question = Question(
            job_id=first.job_id,
            channel=CHANNEL,
            thread_ts=summary_ts,
            message_ts=asked,
            user="U0ASKER",
            text=text,
        )
        assert await queue.ask(question, event_id="EvAfterOutage")
        replies = await eventually(
            lambda: asyncio.sleep(0, _replies(slack, summary_ts)), bool, timeout=60
        )
        assert worker.poll() is None, "the worker process ended"
    finally:
        site.release()
        worker.send_signal(signal.SIGTERM)
        code = worker.wait(timeout=60)

    assert code == 0
    assert len(replies) == 1
    for job in (first, second):  # one message each, which became its summary; one transcript
        status = await store.get(job.job_id)
        assert status is not None and status.state == "done"
    assert len(slack.calls_to("chat.postMessage")) == 3  # two summaries, one answer
    assert len([c for c in slack.calls_to("chat.update") if c["params"].get("blocks")]) == 2
    assert len(slack.uploaded_files) == 2
    assert site.hits["first.wav"] == 2  # fetched again after it was handed back

    log = stderr_path.read_text()
    assert "Traceback" not in log
    lines = log_lines(stderr_path)
    outages = [line for line in lines if line["event"] in OUTAGE_EVENTS]
    assert 1 <= len(outages) <= 8, outages  # a few lines in all, never one per poll
    assert any(line["event"] == "worker.redis_reconnected" for line in lines)


def _replies(slack: FakeSlack, thread_ts: str) -> list[dict[str, Any]]:
    posted = [c["params"] for c in slack.calls_to("chat.postMessage")]
    return [p for p in posted if p.get("thread_ts") == thread_ts]


def test_a_burst_worker_without_redis_says_so_in_one_line(
    tmp_path: Path, outage_settings: Settings
) -> None:
    done = subprocess.run(  # noqa: S603 - our own command
        [*WORKER, "--burst"],
        cwd=tmp_path,
        env=worker_env(outage_settings),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "SCRIBE_REDIS_URL" in lines[0]
    assert "Traceback" not in done.stderr


async def test_a_worker_waiting_for_redis_stops_quietly_when_asked(
    tmp_path: Path, outage_settings: Settings
) -> None:
    stderr_path = tmp_path / "worker.log"
    with stderr_path.open("wb") as stderr:
        worker = subprocess.Popen(  # noqa: S603 - our own command
            WORKER, cwd=tmp_path, env=worker_env(outage_settings), stderr=stderr
        )
    try:
        await eventually(
            lambda: asyncio.sleep(0, log_lines(stderr_path)),
            lambda lines: any(line["event"] == "worker.redis_unavailable" for line in lines),
            timeout=60,
        )
    finally:
        worker.send_signal(signal.SIGTERM)
        code = worker.wait(timeout=30)
    assert code == 0
    assert "Traceback" not in stderr_path.read_text()
    assert [line["event"] for line in log_lines(stderr_path)] == [
        "worker.redis_unavailable",
        "worker.stopped",
    ]
