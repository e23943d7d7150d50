"""Imports point one way: scribe -> bot | worker -> integrations -> core, and inside
integrations: wiring -> one folder per outside system -> shared plumbing (pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_layers_are_kept() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(  # noqa: S603 - the project's own linter
        [str(lint_imports)], cwd=ROOT, capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "2 kept, 0 broken" in result.stdout


def test_core_imports_no_sdk_or_framework() -> None:
    forbidden = (
        "openai",
        "slack_sdk",
        "slack_bolt",
        "fastapi",
        "arq",
        "redis",
        "faster_whisper",
        "av",
        "httpx",
        "zoomus",
        "googleapiclient",
    )
    for path in (ROOT / "core").glob("*.py"):
        for line in path.read_text().splitlines():
            words = line.split()
            if words[:1] in (["import"], ["from"]):
                module = words[1].split(".")[0]
                assert module not in forbidden, f"{path.name}: {line}"


def test_the_receiver_loads_nothing_of_the_pipeline() -> None:
    """`scribe serve` only verifies, answers and queues: the model client, PyAV, numpy and
    faster-whisper would only make it slower to start and bigger in memory."""
    pipeline_only = ["openai", "av", "numpy", "faster_whisper", "ctranslate2", "jinja2"]
    probe = (
        "import sys, scribe.cli, bot.server; "
        f"print(','.join(m for m in {pipeline_only!r} if m in sys.modules))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
