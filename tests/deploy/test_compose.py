"""docker-compose.yml: valid against the Compose Specification's published schema, and every
command, setting, port and file it names exists."""

from __future__ import annotations

import json
from importlib.metadata import distribution
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.deploy.files import (
    RECEIVER_PORT,
    ROOT,
    check_scribe_command,
    compose,
    interpolated_names,
    queue_names,
    setting_names,
    worker_queues,
)

SCRIBE_SERVICES = (
    "receiver",
    "worker-gpu",
    "worker-cpu",
    "worker-light",
    "worker-drive",
    "drive-watch",
)


def compose_spec_schema() -> dict[str, Any]:
    """The compose-spec JSON schema that check-jsonschema vendors, read without importing
    check-jsonschema (its command-line part warns on import with newer click)."""
    found = distribution("check-jsonschema").locate_file(
        "check_jsonschema/builtin_schemas/vendor/compose-spec.json"
    )
    schema: dict[str, Any] = json.loads(Path(str(found)).read_text())
    return schema


def scribe_services() -> dict[str, dict[str, Any]]:
    services: dict[str, dict[str, Any]] = compose()["services"]
    return {name: services[name] for name in SCRIBE_SERVICES}


def test_compose_file_is_valid_against_the_compose_spec_schema() -> None:
    schema = compose_spec_schema()
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(compose())]
    assert errors == []


def test_the_schema_check_catches_a_misspelt_key() -> None:
    schema = compose_spec_schema()
    broken = compose()
    broken["services"]["receiver"]["restart_policy"] = "always"
    assert not jsonschema.validators.validator_for(schema)(schema).is_valid(broken)


def test_the_services_of_the_one_box_install() -> None:
    services = compose()["services"]
    assert set(services) == {"redis", *SCRIBE_SERVICES}
    # Without a profile: Redis, the receiver, the GPU worker and the light worker.
    assert {n for n, s in services.items() if "profiles" not in s} == {
        "redis",
        "receiver",
        "worker-gpu",
        "worker-light",
    }
    assert services["worker-cpu"]["profiles"] == ["cpu"]
    # Drive's worker stops when Drive is not set up: only with `--profile drive`.
    assert services["worker-drive"]["profiles"] == services["drive-watch"]["profiles"] == ["drive"]


def test_redis_keeps_its_data_and_reports_its_health() -> None:
    redis = compose()["services"]["redis"]
    command = redis["command"]
    assert command[command.index("--appendonly") + 1] == "yes"
    assert any(volume.endswith(":/data") for volume in redis["volumes"])
    assert redis["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert redis["restart"] == "unless-stopped"
    assert "ports" not in redis  # never published


@pytest.mark.parametrize("name", SCRIBE_SERVICES)
def test_each_scribe_service_runs_a_real_command_with_real_settings(name: str) -> None:
    service = scribe_services()[name]
    check_scribe_command(service["command"])
    assert service["env_file"] == ".env"
    assert set(service.get("environment", {})) <= setting_names()
    assert service["depends_on"]["redis"]["condition"] == "service_healthy"
    expected = "no" if name == "drive-watch" else "unless-stopped"
    assert service["restart"] == expected
    build = service["build"]
    assert (ROOT / build["context"] / build["dockerfile"]).is_file()


def test_every_variable_compose_substitutes_is_a_setting() -> None:
    text = (ROOT / "docker-compose.yml").read_text()
    assert interpolated_names(text) <= setting_names()


def test_every_queue_has_a_worker_on_the_gpu_and_on_the_cpu_set_up() -> None:
    services = scribe_services()
    workers = {
        n: worker_queues(s["command"]) for n, s in services.items() if n.startswith("worker")
    }
    default = {n for n in workers if "profiles" not in services[n]}
    with_drive = default | {"worker-drive"}
    cpu_box = with_drive - {"worker-gpu"} | {"worker-cpu"}
    assert set().union(*(workers[n] for n in with_drive)) == queue_names()
    assert set().union(*(workers[n] for n in cpu_box)) == queue_names()
    assert set().union(*(workers[n] for n in default)) == queue_names() - {"drive"}
    assert workers["worker-gpu"] == workers["worker-cpu"] == {"recordings"}
    # Thread questions never wait behind a recording: they have a worker of their own.
    assert workers["worker-light"] == {"questions"}
    assert workers["worker-drive"] == {"drive"}


def test_the_gpu_worker_gets_a_gpu_and_keeps_its_model_in_a_volume() -> None:
    gpu = scribe_services()["worker-gpu"]
    (device,) = gpu["deploy"]["resources"]["reservations"]["devices"]
    assert device["driver"] == "nvidia"
    assert "gpu" in device["capabilities"]
    assert "whisper-models:/models" in gpu["volumes"]
    assert "whisper-models" in compose()["volumes"]
    environment = gpu["environment"]
    # The entrypoint fetches a /models/<size> folder once; every later start loads it.
    assert environment["SCRIBE_WHISPER_MODEL"] == "${SCRIBE_WHISPER_MODEL:-/models/large-v3}"
    assert environment["SCRIBE_WHISPER_DEVICE"] == "${SCRIBE_WHISPER_DEVICE:-cuda}"
    assert gpu["build"]["dockerfile"] == "deploy/Dockerfile.gpu"


def test_workers_have_time_to_hand_their_job_back_and_no_http_health_check() -> None:
    for name, service in scribe_services().items():
        if name.startswith("worker"):
            assert service["healthcheck"] == {"disable": True}
            seconds = int(service["stop_grace_period"].removesuffix("s"))
            assert seconds >= 30


def test_the_receiver_publishes_the_port_it_serves_on() -> None:
    receiver = scribe_services()["receiver"]
    options = check_scribe_command(receiver["command"])
    assert int(options["--port"]) == RECEIVER_PORT
    assert receiver["ports"] == [f"{RECEIVER_PORT}:{RECEIVER_PORT}"]
