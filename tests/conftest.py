"""Shared fixtures: settings that ignore the developer's environment, a real Redis, the real
bundled Whisper model, and loopback servers that speak the vendors' APIs."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from core.settings import Settings
from tests.fakes.openai_api import FakeOpenAI
from tests.fakes.server import serving
from tests.fakes.slack_api import FakeSlack
from tests.support.redis_server import redis_url as _redis_url

# Fixtures shared by tests in several folders.
pytest_plugins = ["tests.support.drive"]

DATA = Path(__file__).parent / "data"
SAMPLES = Path(__file__).parent.parent / "samples"
_OUR_PREFIXES = ("SCRIBE_", "SLACK_", "OPENAI_", "ZOOM_", "GOOGLE_APPLICATION")


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings come from each test, never from the developer's shell."""
    for name in list(os.environ):
        if name.startswith(_OUR_PREFIXES):
            monkeypatch.delenv(name)


@pytest.fixture
def make_settings() -> Callable[..., Settings]:
    def build(**values: Any) -> Settings:
        return Settings(_env_file=None, **values)  # type: ignore[call-arg]

    return build


def changed(settings: Settings, **values: Any) -> Settings:
    """A copy of settings with some values changed, validated as if read from the environment."""
    return Settings(_env_file=None, **{**settings.model_dump(), **values})  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def redis_server() -> Iterator[str]:
    with _redis_url() as url:
        yield url


@pytest.fixture
def redis_url(redis_server: str) -> str:
    """A Redis database emptied for this test."""
    import redis

    client = redis.Redis.from_url(redis_server)
    client.flushdb()
    client.close()
    return redis_server


@pytest.fixture(scope="session")
def whisper_model() -> Any:
    from integrations.whisper.transcriber import load_whisper_model

    return load_whisper_model("tiny.en", device="cpu", compute_type="int8")


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    with serving(FakeOpenAI()) as fake:
        yield fake


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with serving(FakeSlack()) as fake:
        yield fake
