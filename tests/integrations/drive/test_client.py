"""The Drive client through the real google-api-python-client and google-auth, against the
loopback Drive: the service account's JWT grant really happens at the key's `token_uri`,
calls leave the event loop free, shared drives are asked for, downloads come in ranged
chunks within the size limit, and Google's errors become Scribe's."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from core.errors import BadRequest, ConfigError, NotFound, Transient
from integrations.drive.client import DriveApi, build_drive_api
from integrations.drive.config import DriveConfig
from tests.fakes.drive_api import SERVICE_ACCOUNT, FakeDrive


def api_for(drive: FakeDrive, key: Path, **options: float) -> DriveApi:
    config = DriveConfig(credentials=key, api_url=f"{drive.url}/drive/v3/")
    return build_drive_api(config, **options)


async def test_the_service_account_signs_in_at_its_token_uri_once_for_many_calls(
    drive_and_key: tuple[FakeDrive, Path],
) -> None:
    drive, key = drive_and_key
    api = api_for(drive, key)

    token = await api.start_page_token()
    await api.changes(token)
    await api.changes(token)

    assert api.email == SERVICE_ACCOUNT
    assert drive.grants == 1  # the access token is kept for its hour
    assert [c.path for c in drive.calls][0] == "/token"
    assert all(c.status == 200 for c in drive.api_calls())


async def test_a_key_google_does_not_know_is_a_configuration_error(
    drive_and_key: tuple[FakeDrive, Path], tmp_path: Path
) -> None:
    drive, key = drive_and_key
    drive.register_key(SERVICE_ACCOUNT, rsa.generate_private_key(65537, 2048).public_key())

    with pytest.raises(ConfigError, match="GOOGLE_APPLICATION_CREDENTIALS"):
        await api_for(drive, key).start_page_token()
    assert drive.api_calls() == []


def test_a_key_file_that_is_not_one_is_refused_at_once(tmp_path: Path) -> None:
    bad = tmp_path / "key.json"
    bad.write_text(json.dumps({"type": "service_account"}))
    with pytest.raises(ConfigError, match="not a readable service-account key"):
        build_drive_api(DriveConfig(credentials=bad, api_url="http://127.0.0.1:9/drive/v3/"))


async def test_change_lists_include_shared_drives(drive_and_key: tuple[FakeDrive, Path]) -> None:
    drive, key = drive_and_key
    await api_for(drive, key).changes("1")

    (call,) = drive.api_calls("/changes")
    assert call.query["supportsAllDrives"] == "true"
    assert call.query["includeItemsFromAllDrives"] == "true"
    assert "parents" in call.query["fields"] and "md5Checksum" in call.query["fields"]


async def test_a_call_in_flight_leaves_the_event_loop_free(
    drive_and_key: tuple[FakeDrive, Path],
) -> None:
    drive, key = drive_and_key
    api = api_for(drive, key)
    await api.start_page_token()  # signed in
    released = drive.hold()

    call = asyncio.create_task(api.changes("1"))
    # Were the call blocking the loop, this loop would not run until it returned, and the
    # held request would never be released.
    while not drive.api_calls("/changes"):
        await asyncio.sleep(0.01)
    released.set()

    assert (await call)["kind"] == "drive#changeList"


async def test_a_download_comes_in_ranged_chunks(
    drive_and_key: tuple[FakeDrive, Path], tmp_path: Path
) -> None:
    drive, key = drive_and_key
    content = bytes(range(256)) * 40  # 10,240 bytes
    file_id = drive.add_file("Call.m4a", parents=["f"], content=content, mime_type="audio/mp4")
    target = tmp_path / "call.m4a"

    size = await api_for(drive, key, chunk_bytes=4096).download(file_id, target, max_bytes=10**6)

    assert size == len(content) and target.read_bytes() == content
    media = [c for c in drive.api_calls() if c.query.get("alt") == "media"]
    assert [c.status for c in media] == [206, 206, 206]


async def test_a_download_drive_drips_is_cut_off_as_a_temporary_failure(
    drive_and_key: tuple[FakeDrive, Path], tmp_path: Path
) -> None:
    drive, key = drive_and_key
    file_id = drive.add_file("Slow.m4a", parents=["f"], content=b"x" * 10_000)
    drive.drip_s = 0.2  # a 4,096-byte part would take 14 minutes
    api = api_for(drive, key, chunk_bytes=4096, stall_s=1.0)

    with pytest.raises(Transient, match="stalled.*SCRIBE_DOWNLOAD_STALL_S"):
        await api.download(file_id, tmp_path / "slow.m4a", max_bytes=10**6)


async def test_a_download_past_the_size_limit_stops_and_leaves_nothing(
    drive_and_key: tuple[FakeDrive, Path], tmp_path: Path
) -> None:
    drive, key = drive_and_key
    file_id = drive.add_file("Long.m4a", parents=["f"], content=b"x" * 10_000)
    target = tmp_path / "long.m4a"

    with pytest.raises(BadRequest, match="SCRIBE_MAX_MEDIA_BYTES"):
        await api_for(drive, key, chunk_bytes=4096).download(file_id, target, max_bytes=5000)

    assert not target.exists()
    assert len([c for c in drive.api_calls() if c.query.get("alt") == "media"]) == 2


@pytest.mark.parametrize(
    "status,error",
    [(500, Transient), (503, Transient), (429, Transient), (403, Transient), (400, BadRequest)],
)
async def test_googles_errors_become_scribes(
    drive_and_key: tuple[FakeDrive, Path], status: int, error: type[Exception]
) -> None:
    drive, key = drive_and_key
    drive.fail_next("/changes", status)
    with pytest.raises(error):
        await api_for(drive, key).changes("1")


async def test_a_file_not_shared_with_the_service_account_is_not_found(
    drive_and_key: tuple[FakeDrive, Path],
) -> None:
    drive, key = drive_and_key
    private = drive.add_file("Private.m4a", parents=["mine"], content=b"x", shared=False)
    with pytest.raises(NotFound):
        await api_for(drive, key).file(private)
