"""deploy/k8s: the base and the example overlay, built by kustomize (inside kubectl), validate
against Kubernetes' published schemas (kubernetes-validate) and KEDA's ScaledObject CRD; every
command, port, path, setting and queue they name exists."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import kubernetes_validate
import pytest
import yaml

from bot.server import create_app
from core.settings import Settings
from tests.deploy.files import (
    K8S,
    RECEIVER_PORT,
    check_scribe_command,
    copy_overlay_with_secrets,
    dotenv_names,
    kustomize,
    queue_names,
    setting_names,
    worker_queues,
)

SCHEMAS = Path(__file__).parent / "schemas"
# The oldest Kubernetes release still served by the big clouds, and the newest the validator has.
KUBERNETES_VERSIONS = ("1.31.0", kubernetes_validate.latest_version())
Manifests = dict[tuple[str, str], dict[str, Any]]


def by_name(docs: list[dict[str, Any]]) -> Manifests:
    return {(doc["kind"], doc["metadata"]["name"]): doc for doc in docs}


@pytest.fixture(scope="module")
def overlay(tmp_path_factory: pytest.TempPathFactory) -> Manifests:
    """The example overlay with its Google Drive lines uncommented: every manifest there is."""
    folder = copy_overlay_with_secrets(tmp_path_factory.mktemp("overlay"), drive=True)
    return by_name(kustomize(folder))


def test_the_example_as_shipped_leaves_drive_out(tmp_path: Path) -> None:
    """Drive's worker stops when Drive is not set up, so it comes only with the component."""
    shipped = by_name(kustomize(copy_overlay_with_secrets(tmp_path)))
    assert ("Deployment", "scribe-worker-drive") not in shipped
    taken = {
        q for n, c in containers(shipped) if "worker" in n for q in worker_queues(c["command"])
    }
    assert taken == queue_names() - {"drive"}


def containers(manifests: Manifests) -> Iterator[tuple[str, dict[str, Any]]]:
    for (kind, name), doc in manifests.items():
        if kind in ("Deployment", "StatefulSet", "Job"):
            for container in doc["spec"]["template"]["spec"]["containers"]:
                yield name, container


def deployment(manifests: Manifests, name: str) -> dict[str, Any]:
    return manifests[("Deployment", name)]


def pod(manifests: Manifests, name: str) -> dict[str, Any]:
    spec: dict[str, Any] = deployment(manifests, name)["spec"]["template"]["spec"]
    return spec


def scaled_object_schema() -> dict[str, Any]:
    crd = yaml.safe_load((SCHEMAS / "keda.sh_scaledobjects.yaml").read_text())
    (version,) = [v for v in crd["spec"]["versions"] if v["name"] == "v1alpha1"]
    schema: dict[str, Any] = version["schema"]["openAPIV3Schema"]
    return schema


def unknown_fields(document: Any, schema: dict[str, Any], path: str = "") -> Iterator[str]:
    """Fields the CRD does not declare: the API server would drop them without a word."""
    if isinstance(document, dict) and "properties" in schema:
        for key, value in document.items():
            if key not in schema["properties"]:
                yield f"{path}.{key}"
            else:
                yield from unknown_fields(value, schema["properties"][key], f"{path}.{key}")
    elif isinstance(document, list) and "items" in schema:
        for n, item in enumerate(document):
            yield from unknown_fields(item, schema["items"], f"{path}[{n}]")


def test_the_base_builds_alone() -> None:
    kinds = {doc["kind"] for doc in kustomize(K8S / "base")}
    assert {"Deployment", "Service", "Ingress", "PodDisruptionBudget", "ScaledObject"} <= kinds


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_every_manifest_validates_against_the_kubernetes_schema(
    overlay: Manifests, version: str
) -> None:
    for (kind, name), doc in overlay.items():
        if kind == "ScaledObject":
            continue
        try:
            kubernetes_validate.validate(doc, version, strict=True)
        except kubernetes_validate.ValidationError as exc:
            pytest.fail(f"{kind}/{name} on {version}: {exc}")


def test_the_scaled_object_validates_against_kedas_crd(overlay: Manifests) -> None:
    scaled = overlay[("ScaledObject", "scribe-worker-gpu")]
    schema = scaled_object_schema()
    jsonschema.Draft7Validator(schema).validate(scaled)
    assert list(unknown_fields(scaled, schema)) == []
    misspelt = {**scaled, "spec": {**scaled["spec"], "cooldownPeriods": 300}}
    assert list(unknown_fields(misspelt, schema)) == [".spec.cooldownPeriods"]


def test_every_container_runs_a_real_command_or_is_redis(overlay: Manifests) -> None:
    images = set()
    for _, container in containers(overlay):
        images.add(container["image"])
        if container["image"].startswith("redis:"):
            continue
        check_scribe_command(container["command"])
    assert images == {
        "redis:7.4.2-alpine",
        "registry.example.com/scribe-meetings:0.1.0",
        "registry.example.com/scribe-meetings-gpu:0.1.0",
    }


def test_every_variable_set_is_a_setting(overlay: Manifests, tmp_path: Path) -> None:
    names: set[str] = set()
    for _, container in containers(overlay):
        if not container["image"].startswith("redis:"):
            names |= {variable["name"] for variable in container.get("env", [])}
    names |= set(overlay[("Secret", _generated(overlay, "Secret", "scribe-secrets"))]["data"])
    names |= set(overlay[("ConfigMap", _generated(overlay, "ConfigMap", "scribe-config"))]["data"])
    assert names <= setting_names()
    for env_file in K8S.rglob("*.env*"):
        assert set(dotenv_names(env_file)) <= setting_names(), env_file
    assert {"SCRIBE_DRIVE_FOLDER_ID", "GOOGLE_APPLICATION_CREDENTIALS"} <= names  # uncommented


def _generated(manifests: Manifests, kind: str, name: str) -> str:
    """kustomize adds a hash of the contents to generated names."""
    (found,) = [n for k, n in manifests if k == kind and n.startswith(f"{name}-")]
    return found


def test_every_pod_reads_the_config_and_secrets_that_exist(overlay: Manifests) -> None:
    config = _generated(overlay, "ConfigMap", "scribe-config")
    secrets = _generated(overlay, "Secret", "scribe-secrets")
    for name, container in containers(overlay):
        if container["image"].startswith("redis:"):
            continue
        sources = container["envFrom"]
        assert {"configMapRef": {"name": config}} in sources, name
        assert {"secretRef": {"name": secrets}} in sources, name


def test_the_receiver_two_replicas_probes_service_ingress_and_budget(overlay: Manifests) -> None:
    receiver = deployment(overlay, "scribe-receiver")
    assert receiver["spec"]["replicas"] == 2
    (container,) = pod(overlay, "scribe-receiver")["containers"]
    options = check_scribe_command(container["command"])
    assert int(options["--port"]) == RECEIVER_PORT
    assert container["ports"] == [{"name": "http", "containerPort": RECEIVER_PORT}]
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}

    service = overlay[("Service", "scribe-receiver")]
    labels = receiver["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= labels.items()
    (port,) = service["spec"]["ports"]
    assert port["targetPort"] == "http"

    budget = overlay[("PodDisruptionBudget", "scribe-receiver")]
    assert budget["spec"]["minAvailable"] == 1
    assert budget["spec"]["selector"]["matchLabels"].items() <= labels.items()

    ingress = overlay[("Ingress", "scribe")]
    backends = [p["backend"]["service"] for p in ingress["spec"]["rules"][0]["http"]["paths"]]
    assert backends == [{"name": "scribe-receiver", "port": {"name": "http"}}] * len(backends)


def test_the_paths_probed_and_published_are_the_receivers_own(overlay: Manifests) -> None:
    routes = create_app(Settings(_env_file=None)).openapi()["paths"]  # type: ignore[call-arg]
    (container,) = pod(overlay, "scribe-receiver")["containers"]
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        assert "get" in routes[container[probe]["httpGet"]["path"]]
    ingress = overlay[("Ingress", "scribe")]
    published = {(p["path"], p["pathType"]) for p in ingress["spec"]["rules"][0]["http"]["paths"]}
    reached = {r for r in routes for path, kind in published if _matches(r, path, kind)}
    # The webhooks, and nothing else: /metrics and the probes stay inside the cluster.
    assert reached == {"/slack/events", "/webhooks/zoom", "/webhooks/drive"}


def _matches(route: str, path: str, kind: str) -> bool:
    return route == path if kind == "Exact" else route == path or route.startswith(f"{path}/")


def test_gpu_workers_request_a_gpu_and_leave_their_count_to_keda(overlay: Manifests) -> None:
    gpu = deployment(overlay, "scribe-worker-gpu")
    assert "replicas" not in gpu["spec"]  # a re-apply must not undo KEDA's count
    (container,) = pod(overlay, "scribe-worker-gpu")["containers"]
    assert container["resources"]["limits"]["nvidia.com/gpu"] == 1
    assert worker_queues(container["command"]) == {"recordings"}
    env = {variable["name"]: variable["value"] for variable in container["env"]}
    assert env["SCRIBE_WHISPER_DEVICE"] == "cuda"
    # Baked into the image (Dockerfile.gpu --build-arg WHISPER_MODEL): no download at start.
    assert env["SCRIBE_WHISPER_MODEL"] == "/opt/whisper/large-v3"


def test_the_question_and_drive_workers_are_one_cpu_replica_each(overlay: Manifests) -> None:
    for name, queues in (
        ("scribe-worker-light", {"questions"}),
        ("scribe-worker-drive", {"drive"}),
    ):
        assert deployment(overlay, name)["spec"]["replicas"] == 1
        (container,) = pod(overlay, name)["containers"]
        assert "nvidia.com/gpu" not in container["resources"].get("limits", {})
        assert worker_queues(container["command"]) == queues


def test_every_queue_has_a_worker(overlay: Manifests) -> None:
    taken = set()
    for name, container in containers(overlay):
        if name.startswith("scribe-worker"):
            taken |= worker_queues(container["command"])
    assert taken == queue_names()


def test_keda_scales_gpu_workers_from_zero_on_demand_and_never_scales_in_a_busy_one(
    overlay: Manifests,
) -> None:
    spec = overlay[("ScaledObject", "scribe-worker-gpu")]["spec"]
    assert spec["scaleTargetRef"] == {"name": "scribe-worker-gpu"}
    assert spec["minReplicaCount"] == 0
    assert spec["maxReplicaCount"] >= 1
    (trigger,) = spec["triggers"]
    assert trigger["type"] == "metrics-api"
    assert trigger["metadata"]["format"] == "prometheus"
    assert trigger["metadata"]["valueLocation"] == "scribe_recordings_demand"
    # Either scale-in is off (KEDA only goes to zero once nothing waits or runs), or every
    # worker is given at least a whole job's length to finish when it is scaled in.
    behavior = spec["advanced"]["horizontalPodAutoscalerConfig"]["behavior"]
    grace = pod(overlay, "scribe-worker-gpu")["terminationGracePeriodSeconds"]
    job_length = Settings(_env_file=None).job_timeout_s  # type: ignore[call-arg]
    assert behavior["scaleDown"]["selectPolicy"] == "Disabled" or grace >= job_length


def test_keda_reads_the_receivers_metrics_through_its_service(overlay: Manifests) -> None:
    (trigger,) = overlay[("ScaledObject", "scribe-worker-gpu")]["spec"]["triggers"]
    url = urlsplit(trigger["metadata"]["url"])
    namespace = overlay[("ScaledObject", "scribe-worker-gpu")]["metadata"]["namespace"]
    assert url.hostname == f"scribe-receiver.{namespace}.svc.cluster.local"
    (port,) = overlay[("Service", "scribe-receiver")]["spec"]["ports"]
    assert (url.port or 80) == port["port"]
    assert url.path == "/metrics"
