"""Downloads and link checks end, whatever the server does: a loopback server drips its
response headers or its body a byte at a time (httpx's read timeout, which restarts with every
byte, would wait for ever)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.errors import Transient
from integrations.download.deadlines import Deadlines
from integrations.download.downloader import DownloadPolicy, SafeDownloader
from tests.fakes.drip import Drip, dripping
from tests.scribe.helpers import assert_one_clear_line, run

OPEN = DownloadPolicy(allow_private=True)  # the server lives on loopback
# Test-sized: a second where production waits half a minute.
SHORT = Deadlines(connect_s=2, headers_s=1, check_s=1.5, window_s=1, min_bytes=1024)


@pytest.fixture
def drip() -> Iterator[Drip]:
    with dripping(every_s=0.1) as server:  # 10 bytes a second
        yield server


async def test_a_body_sent_a_byte_at_a_time_is_cut_off_as_a_stall(
    drip: Drip, tmp_path: Path
) -> None:
    downloader = SafeDownloader(policy=OPEN, deadlines=SHORT)
    with pytest.raises(Transient, match=r"stalled: less than 1.0 KB arrived in 1 s"):
        await downloader.download(drip.url(), tmp_path)
    assert list(tmp_path.iterdir()) == []  # no partial file
    assert drip.hits == 1


async def test_headers_sent_a_byte_at_a_time_are_cut_off(drip: Drip, tmp_path: Path) -> None:
    downloader = SafeDownloader(policy=OPEN, deadlines=SHORT)
    with pytest.raises(Transient, match="did not send a complete response within 1 s"):
        await downloader.download(drip.url(headers=True), tmp_path)
    assert list(tmp_path.iterdir()) == []


async def test_a_link_check_ends_on_a_host_that_drips_its_headers(drip: Drip) -> None:
    # Each request alone stays within its header deadline: the check as a whole does not.
    slow = Deadlines(connect_s=2, headers_s=30, check_s=1, window_s=30)
    downloader = SafeDownloader(policy=OPEN, deadlines=slow)
    with pytest.raises(Transient, match="127.0.0.1 did not answer within 1 s"):
        await downloader.probe(drip.url(headers=True))
    assert drip.request_lines[0].startswith("HEAD ")


async def test_a_link_check_answers_for_a_host_that_drips_only_its_body(drip: Drip) -> None:
    info = await SafeDownloader(policy=OPEN, deadlines=SHORT).probe(drip.url())
    assert (info.content_type, info.size) == ("audio/mpeg", 1_000_000)


async def test_a_slow_but_steady_download_is_not_a_stall(tmp_path: Path) -> None:
    # 50 bytes a second for 1.2 s, where the watchdog wants 5 bytes in every 0.4 s:
    # the window starts again each time, so the download outlasts it.
    steady = Deadlines(connect_s=2, headers_s=2, check_s=3, window_s=0.4, min_bytes=5)
    with dripping(every_s=0.02, body_bytes=60) as server:
        path = await SafeDownloader(policy=OPEN, deadlines=steady).download(server.url(), tmp_path)
    assert path.read_bytes() == b"x" * 60


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (False, "the download from 127.0.0.1 stalled: less than 64.0 KB arrived in 1 s"),
        (True, "127.0.0.1 did not send a complete response within 1 s"),
    ],
)
def test_scribe_process_on_a_dripping_link_ends_with_one_line(
    drip: Drip, tmp_path: Path, headers: bool, message: str
) -> None:
    result = run(
        ["process", drip.url(headers=headers)],
        tmp_path,
        SCRIBE_ALLOW_PRIVATE_URLS="true",
        SCRIBE_DOWNLOAD_STALL_S="1",
    )
    assert_one_clear_line(result, 1, message)  # 1: a temporary failure, worth another try
