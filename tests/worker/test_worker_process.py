"""Real `scribe worker` processes: one is killed in the middle of a job, another finishes it."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import time
from pathlib import Path

from core.settings import Settings
from integrations.store.queue import ArqJobQueue
from integrations.store.records import RedisStore
from tests.fakes.media_site import MediaSite
from tests.fakes.slack_api import FakeSlack
from tests.support.scribe_process import WORKER, run_worker_process_in_burst
from tests.worker.conftest import link_request


def worker_env(settings: Settings) -> dict[str, str]:
    return {
        **os.environ,
        "SCRIBE_REDIS_URL": settings.redis_url,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SCRIBE_SLACK_API_URL": settings.slack_api_url,
        "SCRIBE_ALLOW_PRIVATE_URLS": "true",
        "SCRIBE_WORKER_LEASE_S": "2",
        "SCRIBE_RETRY_BASE_S": "0.1",
        "SCRIBE_LOG_FORMAT": "json",
        "SCRIBE_WHISPER_CPU_THREADS": "1",
    }


async def wait_for_state(store: RedisStore, job_id: str, state: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = await store.get(job_id)
        if status is not None and status.state == state:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"job never reached {state}")


async def test_a_worker_killed_during_transcription_loses_nothing(
    tmp_path: Path,
    queue: ArqJobQueue,
    store: RedisStore,
    worker_settings: Settings,
    media_site: MediaSite,
    fake_slack: FakeSlack,
) -> None:
    url = media_site.url
    slack = fake_slack
    submitted = await queue.submit(link_request(f"{url}/standup.ogg"))
    env = worker_env(worker_settings)

    first = subprocess.Popen(  # noqa: S603
        WORKER, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        await wait_for_state(store, submitted.job_id, "transcribing", timeout=60)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)

    second = run_worker_process_in_burst(env, tmp_path)

    status = await store.get(submitted.job_id)
    assert status is not None
    assert status.state == "done"
    states = [s for s, _ in status.history]
    assert states.count("transcribing") == 2  # started again by the second worker
    assert len(slack.calls_to("chat.postMessage")) == 1
    assert len([c for c in slack.calls_to("chat.update") if c["params"].get("blocks")]) == 1
    assert len(slack.uploaded_files) == 1

    lines = [json.loads(line) for line in second.stderr.splitlines() if line.startswith("{")]
    ours = [
        line
        for line in lines
        if line.get("logger", "").startswith(("core.", "integrations."))
        and line["event"] != "whisper.loaded"
    ]
    assert ours, "the worker logged nothing about the job"
    assert all(line.get("job_id") == submitted.job_id for line in ours), ours
