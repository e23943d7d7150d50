"""The figure KEDA scales GPU workers on is one a running receiver really exports, read the
way KEDA's metrics-api scaler reads it (Prometheus text, the family named by valueLocation)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AsyncExitStack
from pathlib import Path

import httpx
import yaml
from prometheus_client.parser import text_string_to_metric_families

from core.domain import JobRequest, Source
from core.settings import Settings
from integrations.wiring.receiver import build_receiver_deps
from tests.bot.processes import scribe_serve
from tests.deploy.files import K8S


def scaled_on() -> str:
    scaled = yaml.safe_load((K8S / "base" / "scaledobject.yaml").read_text())
    (trigger,) = scaled["spec"]["triggers"]
    assert trigger["metadata"]["format"] == "prometheus"
    location: str = trigger["metadata"]["valueLocation"]
    return location


def read_as_keda(url: str, location: str) -> float:
    response = httpx.get(f"{url}/metrics", timeout=5)
    assert response.status_code == 200
    families = {f.name: f for f in text_string_to_metric_families(response.text)}
    family = families[location]  # KEDA: "metric '...' not found" otherwise
    assert family.type == "gauge"
    (sample,) = family.samples
    return sample.value


async def test_the_scaled_object_reads_a_gauge_the_running_receiver_exports(
    tmp_path: Path, redis_url: str, make_settings: Callable[..., Settings]
) -> None:
    location = scaled_on()
    settings = make_settings(redis_url=redis_url)
    env = {"SCRIBE_REDIS_URL": redis_url, "ZOOM_WEBHOOK_SECRET_TOKEN": "zoom-secret"}
    with scribe_serve(env, tmp_path) as served:
        assert read_as_keda(served.url, location) == 0  # nothing to do: zero GPU workers
        async with AsyncExitStack() as closers:
            queue = build_receiver_deps(settings, closers=closers).queue
            for n in range(3):
                await queue.submit(JobRequest(source=Source(kind="url", ref=f"https://x.test/{n}")))
        assert read_as_keda(served.url, location) == 3
    # SIGTERM: the receiver shuts down in order (uvicorn then re-raises the signal it caught).
    assert "Application shutdown complete." in served.log_text()
    assert served.process.returncode in (0, -15)
