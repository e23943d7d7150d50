"""`scribe drive watch` and `scribe process <Drive link>` as an operator runs them: the real
command in a subprocess, the loopback Drive (the service account's JWT grant, files.get,
get_media, export), real Redis."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.fakes.drive_api import SERVICE_ACCOUNT, FakeDrive
from tests.integrations.drive.support import FOLDER, PUBLIC_URL, TOKEN
from tests.scribe.helpers import ZOOM_VTT, assert_one_clear_line, run


def drive_env(served: tuple[FakeDrive, Path], redis_url: str, **extra: str) -> dict[str, str]:
    fake, key = served
    return {
        "SCRIBE_REDIS_URL": redis_url,
        "GOOGLE_APPLICATION_CREDENTIALS": str(key),
        "SCRIBE_DRIVE_API_URL": f"{fake.url}/drive/v3/",
        "SCRIBE_DRIVE_FOLDER_ID": FOLDER,
        "OPENAI_API_KEY": "",
        **extra,
    }


def test_drive_watch_without_a_public_address_says_the_folder_will_be_polled(
    tmp_path: Path, drive_and_key: tuple[FakeDrive, Path], redis_url: str
) -> None:
    result = run(["drive", "watch"], tmp_path, **drive_env(drive_and_key, redis_url))

    assert result.returncode == 0, result.stderr
    assert "SCRIBE_PUBLIC_URL is not set" in result.stdout
    assert "poll" in result.stdout and "every 60 s" in result.stdout
    assert SERVICE_ACCOUNT in result.stdout
    fake = drive_and_key[0]
    assert fake.channels == {}
    assert [c.path for c in fake.api_calls()] == ["/drive/v3/changes/startPageToken"]


def test_drive_watch_opens_the_push_channel_and_running_it_again_is_harmless(
    tmp_path: Path, drive_and_key: tuple[FakeDrive, Path], redis_url: str
) -> None:
    env = drive_env(
        drive_and_key,
        redis_url,
        SCRIBE_PUBLIC_URL=PUBLIC_URL,
        SCRIBE_DRIVE_CHANNEL_TOKEN=TOKEN,
    )
    first = run(["drive", "watch"], tmp_path, **env)
    second = run(["drive", "watch"], tmp_path, **env)

    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert f"Drive notifies {PUBLIC_URL}/webhooks/drive until" in second.stdout
    fake = drive_and_key[0]
    assert len(fake.channels) == 1 and len(fake.stopped) == 1
    assert len(fake.api_calls("/changes/startPageToken")) == 1  # the token is kept


@pytest.mark.parametrize(
    "unset,named",
    [("GOOGLE_APPLICATION_CREDENTIALS", "GOOGLE_APPLICATION_CREDENTIALS"),
     ("SCRIBE_DRIVE_FOLDER_ID", "SCRIBE_DRIVE_FOLDER_ID")],
)  # fmt: skip
def test_drive_watch_names_the_missing_setting(
    tmp_path: Path,
    drive_and_key: tuple[FakeDrive, Path],
    redis_url: str,
    unset: str,
    named: str,
) -> None:
    env = drive_env(drive_and_key, redis_url)
    env[unset] = ""
    result = run(["drive", "watch"], tmp_path, **env)
    assert_one_clear_line(result, 2, named)


def test_drive_watch_refuses_a_push_address_without_its_token(
    tmp_path: Path, drive_and_key: tuple[FakeDrive, Path], redis_url: str
) -> None:
    env = drive_env(drive_and_key, redis_url, SCRIBE_PUBLIC_URL=PUBLIC_URL)
    result = run(["drive", "watch"], tmp_path, **env)
    assert_one_clear_line(result, 2, "SCRIBE_DRIVE_CHANNEL_TOKEN")


def test_a_drive_link_is_fetched_through_the_api_and_summarized(
    tmp_path: Path, drive_and_key: tuple[FakeDrive, Path], redis_url: str
) -> None:
    fake = drive_and_key[0]
    file_id = fake.add_file(
        "Beta launch.vtt", parents=["anywhere"], content=ZOOM_VTT.encode(), mime_type="text/vtt"
    )
    link = f"https://drive.google.com/file/d/{file_id}/view?usp=sharing"
    out = tmp_path / "result.json"

    result = run(
        ["process", link, "--json", str(out)], tmp_path, **drive_env(drive_and_key, redis_url)
    )

    assert result.returncode == 0, result.stderr
    document = json.loads(out.read_text())
    assert document["source"]["kind"] == "drive"
    assert document["source"]["ref"] == file_id
    speakers = {s["speaker"] for s in document["transcript"]["segments"]}
    assert speakers == {"Dana Whitfield", "Omar Haddad"}
    assert [c.query.get("alt") for c in fake.api_calls(f"/files/{file_id}")] == ["json", "media"]


def test_an_unreadable_drive_link_says_whom_to_share_it_with(
    tmp_path: Path, drive_and_key: tuple[FakeDrive, Path], redis_url: str
) -> None:
    fake = drive_and_key[0]
    private = fake.add_file("Private.m4a", parents=["mine"], content=b"x", shared=False)
    link = f"https://drive.google.com/file/d/{private}/view"

    result = run(["process", link], tmp_path, **drive_env(drive_and_key, redis_url))

    assert_one_clear_line(result, 2, f"share it with {SERVICE_ACCOUNT}")


def test_a_drive_link_without_a_service_account_names_the_setting(tmp_path: Path) -> None:
    link = "https://drive.google.com/file/d/1AbCdEfGhIjKlMn/view"
    result = run(["process", link], tmp_path, OPENAI_API_KEY="")
    assert_one_clear_line(result, 2, "GOOGLE_APPLICATION_CREDENTIALS")
