"""The lock files the images and CI install from: complete, pinned, hashed, in step with
pyproject.toml, and what this test run itself is running on."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import PackageNotFoundError, version

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.deploy.files import DEPLOY, ROOT

LOCKS = {"": "requirements.txt", "gpu": "requirements-gpu.txt", "test": "requirements-test.txt"}


def locked(name: str) -> dict[str, list[tuple[str, Requirement]]]:
    """Each package's pins (one per Python-version fork) with their markers; each pin has
    hashes, which makes pip check every file it installs."""
    text = (DEPLOY / name).read_text()
    pins: dict[str, list[tuple[str, Requirement]]] = {}
    for block in re.split(r"\n(?=\S)", text):
        if block.startswith("#") or not block.strip():
            continue
        line = block.splitlines()[0].rstrip(" \\")
        requirement = Requirement(line)
        (spec,) = requirement.specifier
        assert spec.operator == "==", line
        assert "--hash=sha256:" in block, f"{line}: no hash"
        pins.setdefault(canonicalize_name(requirement.name), []).append((spec.version, requirement))
    return pins


def project() -> dict[str, list[Requirement]]:
    table = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    optional = table["optional-dependencies"].items()
    extras = {extra: [Requirement(r) for r in reqs] for extra, reqs in optional}
    return {"": [Requirement(r) for r in table["dependencies"]], **extras}


def applies(requirement: Requirement) -> bool:
    return requirement.marker is None or requirement.marker.evaluate(default_environment())


@pytest.mark.parametrize("extra", sorted(LOCKS))
def test_every_dependency_is_locked_within_its_range(extra: str) -> None:
    pins = locked(LOCKS[extra])
    wanted = project()[""] + (project()[extra] if extra else [])
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in deploy/{LOCKS[extra]}: run `make lock`"
        for pinned, _ in pins[name]:
            assert requirement.specifier.contains(pinned, prereleases=True), (name, pinned)


def test_the_locks_agree_on_every_version_they_share() -> None:
    runtime = locked(LOCKS[""])
    for extra in ("gpu", "test"):
        other = locked(LOCKS[extra])
        for name, pins in runtime.items():
            assert [v for v, _ in pins] == [v for v, _ in other[name]], (extra, name)


def test_this_test_run_runs_on_what_the_test_lock_pins() -> None:
    """`make test` (and so CI) installs deploy/requirements-test.txt: a drift here means an
    old .venv, or a pyproject.toml change without `make lock`."""
    drift = []
    for name, pins in locked(LOCKS["test"]).items():
        for pinned, requirement in pins:
            if not applies(requirement):
                continue
            try:
                installed = version(name)
            except PackageNotFoundError:
                installed = "missing"
            if installed != pinned:
                drift.append(f"{name} {installed} (locked {pinned})")
    assert drift == []


def test_the_floors_lock_pins_each_direct_dependency_at_its_floor() -> None:
    """deploy/requirements-floors.txt (`make test-floors`) is what shows the floors of
    pyproject.toml work: each direct dependency at the lowest release its floor allows."""
    pins = locked("requirements-floors.txt")
    for requirement in project()[""] + project()["test"]:
        name = canonicalize_name(requirement.name)
        ((pinned, _),) = pins[name]
        (floor,) = [s.version for s in requirement.specifier if s.operator == ">="]
        assert requirement.specifier.contains(pinned), (name, pinned)
        low, got = Version(floor).release, Version(pinned).release
        assert got[: len(low)] == low, f"{name}: floor {floor}, locked {pinned}: run `make lock`"
