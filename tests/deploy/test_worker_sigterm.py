"""What `docker stop`, a rollout or a node drain does to a busy worker: SIGTERM makes the real
`scribe worker` process hand the recording it holds back to the queue and exit well inside
the grace periods of docker-compose.yml (60 s) and deploy/k8s (120 s); another worker then
finishes it, and Slack hears of it once."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

from arq.constants import default_queue_name, in_progress_key_prefix
from redis.asyncio import Redis

from core.settings import Settings
from integrations.store.queue import ArqJobQueue
from integrations.store.records import RedisStore
from tests.fakes.media_site import MediaSite
from tests.fakes.slack_api import FakeSlack
from tests.support.scribe_process import WORKER, run_worker_process_in_burst
from tests.worker.conftest import link_request
from tests.worker.test_worker_process import wait_for_state, worker_env

GRACE_S = 60  # the shorter of the two grace periods


async def test_sigterm_hands_the_recording_back_and_another_worker_finishes_it(
    tmp_path: Path,
    queue: ArqJobQueue,
    store: RedisStore,
    worker_settings: Settings,
    media_site: MediaSite,
    fake_slack: FakeSlack,
) -> None:
    submitted = await queue.submit(link_request(f"{media_site.url}/standup.ogg"))
    env = worker_env(worker_settings)
    first = subprocess.Popen(  # noqa: S603 - our own command
        [*WORKER, "--queues", "recordings"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        await wait_for_state(store, submitted.job_id, "transcribing", timeout=60)
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=GRACE_S)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()

    redis = Redis.from_url(worker_settings.redis_url)
    try:
        # Handed back at once: still queued, no longer held (no waiting for a lease to lapse).
        assert await redis.zscore(default_queue_name, submitted.job_id) is not None
        assert not await redis.exists(in_progress_key_prefix + submitted.job_id)
    finally:
        await redis.aclose()

    run_worker_process_in_burst(env, tmp_path)
    status = await store.get(submitted.job_id)
    assert status is not None
    assert status.state == "done"
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
