"""Mistakes in the command line or the Whisper settings end `scribe process` at once, with one
line and exit status 2, before the recording is fetched or a model loaded (CONTRACT section 2).

The source is a link to a loopback site that counts requests: no request means no work."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import ctranslate2
import pytest

from tests.conftest import DATA
from tests.fakes.media_site import MediaSite
from tests.fakes.server import serving
from tests.scribe.helpers import assert_one_clear_line, run


@pytest.fixture
def site() -> Iterator[MediaSite]:
    with serving(MediaSite({"speech.wav": DATA / "speech_short.wav"})) as media:
        yield media


def process(cwd: Path, link: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run(["process", link, *args], cwd, SCRIBE_ALLOW_PRIVATE_URLS="true", **env)


def test_the_site_is_fetched_when_nothing_is_wrong(tmp_path: Path, site: MediaSite) -> None:
    """The control for the tests below: the same command without the mistake does fetch."""
    media, link = site, f"{site.url}/speech.wav"
    result = process(tmp_path, link)
    assert result.returncode == 0, result.stderr
    assert media.hits["speech.wav"] >= 1


@pytest.mark.parametrize(
    "target,message",
    [
        ("no/such/folder/out.json", "no/such/folder does not exist"),
        ("folder", "cannot write folder: it is a folder"),
        ("notes.txt/out.json", "notes.txt is not a folder"),
    ],
)
def test_unwritable_json_path_exits_2_before_fetching(
    tmp_path: Path, site: MediaSite, target: str, message: str
) -> None:
    media, link = site, f"{site.url}/speech.wav"
    (tmp_path / "folder").mkdir()
    (tmp_path / "notes.txt").write_text("keep me\n")
    before = sorted(tmp_path.rglob("*"))
    result = process(tmp_path, link, "--json", target)
    assert_one_clear_line(result, 2, message)
    assert media.hits == {}
    assert sorted(tmp_path.rglob("*")) == before  # nothing written
    assert (tmp_path / "notes.txt").read_text() == "keep me\n"


@pytest.mark.parametrize(
    "address", ["ana", "ana@", "@example.com", "ana@example", "ana example@x.org", "a@@x.org"]
)
def test_malformed_email_exits_2_before_fetching(
    tmp_path: Path, site: MediaSite, address: str
) -> None:
    media, link = site, f"{site.url}/speech.wav"
    result = process(tmp_path, link, "--email", "ok@example.com", "--email", address)
    assert_one_clear_line(result, 2, f"--email {address!r} is not an email address")
    assert media.hits == {}


@pytest.mark.parametrize(
    "env,message",
    [
        (
            {"SCRIBE_WHISPER_MODEL": "/no/such/dir"},
            "SCRIBE_WHISPER_MODEL: model folder /no/such/dir does not exist",
        ),
        (
            {"SCRIBE_WHISPER_MODEL": "./models/large"},
            "SCRIBE_WHISPER_MODEL: model folder ./models/large does not exist",
        ),
        ({"SCRIBE_WHISPER_MODEL": "."}, "is not a CTranslate2 model folder (no model.bin)"),
        ({"SCRIBE_WHISPER_MODEL": "large-v9"}, "unknown Whisper model 'large-v9'"),
    ],
)
def test_whisper_model_that_cannot_load_exits_2_before_fetching(
    tmp_path: Path, site: MediaSite, env: dict[str, str], message: str
) -> None:
    media, link = site, f"{site.url}/speech.wav"
    result = process(tmp_path, link, **env)
    assert_one_clear_line(result, 2, message)
    assert media.hits == {}
    assert list(tmp_path.iterdir()) == []  # nothing downloaded here either


@pytest.mark.skipif(ctranslate2.get_cuda_device_count() > 0, reason="this machine has a GPU")
def test_cuda_without_a_gpu_exits_2_before_fetching(tmp_path: Path, site: MediaSite) -> None:
    media, link = site, f"{site.url}/speech.wav"
    result = process(tmp_path, link, SCRIBE_WHISPER_DEVICE="cuda")
    assert_one_clear_line(result, 2, "SCRIBE_WHISPER_DEVICE=cuda, but no CUDA GPU")
    assert media.hits == {}


@pytest.mark.skipif(
    "float16" in ctranslate2.get_supported_compute_types("cpu"), reason="CPU runs float16"
)
def test_compute_type_the_device_cannot_run_exits_2_before_fetching(
    tmp_path: Path, site: MediaSite
) -> None:
    media, link = site, f"{site.url}/speech.wav"
    result = process(
        tmp_path, link, SCRIBE_WHISPER_DEVICE="cpu", SCRIBE_WHISPER_COMPUTE_TYPE="float16"
    )
    assert_one_clear_line(result, 2, "SCRIBE_WHISPER_COMPUTE_TYPE=float16 does not run on cpu")
    assert media.hits == {}
