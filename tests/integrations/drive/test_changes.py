"""Reading the watched folder's changes: every page, only meeting files in the folder, one job
per file and revision, and the page token saved only once the jobs are queued. Real Redis and
queue, the real Drive client against the loopback Drive."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path

import pytest
from redis.asyncio import Redis

from core.domain import JobRequest
from core.errors import Transient
from core.settings import Settings
from integrations.drive.changes import ChangeReader
from integrations.drive.state import DriveState
from integrations.wiring.drive import DriveWatch, build_drive_watch
from integrations.wiring.receiver import build_receiver_deps
from tests.conftest import changed
from tests.fakes.drive_api import FOLDER as FOLDER_TYPE
from tests.fakes.drive_api import GOOGLE_DOC, FakeDrive
from tests.integrations.drive.support import CHANNEL, FOLDER


@pytest.fixture
async def watch(drive_settings: Settings) -> AsyncIterator[DriveWatch]:
    async with AsyncExitStack() as closers:
        watched = build_drive_watch(drive_settings, closers=closers)
        await watched.reader.start()  # as `scribe drive watch` does: from now on
        yield watched


async def queued(redis_url: str) -> list[JobRequest]:
    """The recording jobs waiting in arq's queue, as the worker will read them."""
    redis = Redis.from_url(redis_url)
    try:
        ids = [i.decode() for i in await redis.zrange("arq:queue", 0, -1)]
        jobs = []
        for job_id in ids:
            raw = await redis.get(f"arq:job:{job_id}")
            assert raw is not None
            jobs.append(JobRequest.model_validate(json.loads(raw)["a"][0]))
        return jobs
    finally:
        await redis.aclose()


async def test_every_page_is_read_and_the_token_moves_past_them(
    watch: DriveWatch, drive: FakeDrive, redis_url: str
) -> None:
    names = [f"Meeting {n}.m4a" for n in range(5)]
    for name in names:
        drive.add_file(name, parents=[FOLDER], content=name.encode(), mime_type="audio/mp4")

    assert await watch.reader.read() == 5

    assert drive.change_reads() == 3  # two changes a page: three pages
    assert sorted(j.source.title for j in await queued(redis_url)) == [n[:-4] for n in names]
    assert await watch.state.page_token() == str(len(drive.changelog) + 1)
    assert await watch.reader.read() == 0  # nothing new: nothing queued again


async def test_only_meeting_files_in_the_folder_become_jobs(
    watch: DriveWatch, drive: FakeDrive, redis_url: str
) -> None:
    drive.add_file("Elsewhere.wav", parents=["someOtherFolder"], content=b"a")
    trashed = drive.add_file("Trashed.wav", parents=[FOLDER], content=b"b")
    drive.trash_file(trashed)
    drive.add_file("Subfolder", parents=[FOLDER], mime_type=FOLDER_TYPE)
    drive.add_file("Budget.pdf", parents=[FOLDER], content=b"%PDF", mime_type="application/pdf")
    drive.add_file("Photo.jpg", parents=[FOLDER], content=b"jpg", mime_type="image/jpeg")
    drive.add_file("Plan", parents=[FOLDER], content=b"text", mime_type=GOOGLE_DOC)
    drive.add_file("Unshared.wav", parents=[FOLDER], content=b"c", shared=False)
    drive.add_file("Call.mp4", parents=[FOLDER], content=b"d", mime_type="video/mp4")
    drive.add_file("Notes.vtt", parents=[FOLDER], content=b"WEBVTT", mime_type="text/vtt")
    drive.add_file("Sync - Transcript", parents=[FOLDER], content=b"x", mime_type=GOOGLE_DOC)

    await watch.reader.read()

    jobs = await queued(redis_url)
    assert sorted(j.source.title for j in jobs) == ["Call", "Notes", "Sync"]
    assert {j.slack.channel for j in jobs if j.slack} == {CHANNEL}
    assert all(j.source.kind == "drive" and j.revision for j in jobs)


async def test_the_same_revision_is_one_job_and_a_new_revision_another(
    watch: DriveWatch, drive: FakeDrive, redis_url: str
) -> None:
    file_id = drive.add_file("Standup.wav", parents=[FOLDER], content=b"take one")
    assert await watch.reader.read() == 1
    drive.touch(file_id)  # renamed, re-shared or re-uploaded: the same bytes
    drive.touch(file_id)
    assert await watch.reader.read() == 0
    drive.update_file(file_id, content=b"take two")  # edited: new content

    assert await watch.reader.read() == 1

    jobs = await queued(redis_url)
    assert [j.source.ref for j in jobs] == [file_id, file_id]
    assert len({j.job_id for j in jobs}) == 2


async def test_an_edited_meet_transcript_is_summarized_again(
    watch: DriveWatch, drive: FakeDrive
) -> None:
    doc = drive.add_file(
        "Sync - Transcript", parents=[FOLDER], content=b"A: hi", mime_type=GOOGLE_DOC
    )
    assert await watch.reader.read() == 1
    drive.update_file(doc, content=b"A: hi there")  # Docs have no md5: their time moves

    assert await watch.reader.read() == 1


class CrashingState(DriveState):
    """Redis goes away right after the jobs are queued, before the token is saved."""

    def __init__(self, redis: Redis) -> None:
        super().__init__(redis)
        self.crashes = 1

    async def save_page_token(self, token: str) -> None:
        if self.crashes:
            self.crashes -= 1
            raise Transient("Redis is unavailable (ConnectionError)")
        await super().save_page_token(token)


async def test_a_crash_between_queueing_and_saving_the_token_replays_without_duplicates(
    watch: DriveWatch, drive: FakeDrive, drive_settings: Settings, redis_url: str
) -> None:
    async with AsyncExitStack() as closers:
        receiver = build_receiver_deps(drive_settings, closers=closers)
        crashing = CrashingState(receiver.redis)
        reader = ChangeReader(
            api=watch.api,
            state=crashing,
            queue=receiver.queue,
            routes=receiver.routes,
            folder_id=FOLDER,
        )
        drive.add_file("Standup.wav", parents=[FOLDER], content=b"one")
        drive.add_file("Retro.wav", parents=[FOLDER], content=b"two")
        token_before = await crashing.page_token()

        with pytest.raises(Transient):
            await reader.read()
        assert await crashing.page_token() == token_before  # not saved: read again next time
        assert len(await queued(redis_url)) == 2

        assert await reader.read() == 0  # the replay: the same jobs, none created
        assert len(await queued(redis_url)) == 2
        assert await crashing.page_token() != token_before


async def test_the_folder_picks_the_channel_and_opt_out_rules_hold(
    drive_settings: Settings, drive: FakeDrive, redis_url: str, tmp_path: Path
) -> None:
    routes = tmp_path / "routes.yaml"
    routes.write_text(
        "routes:\n"
        '  - topic: "*[no-scribe]*"\n    skip: true\n'
        f"  - drive_folder: {FOLDER}\n    channel: C0RECORDINGS\n"
    )
    async with AsyncExitStack() as closers:
        watched = build_drive_watch(changed(drive_settings, routes_file=routes), closers=closers)
        await watched.reader.start()
        drive.add_file("Standup.wav", parents=[FOLDER], content=b"one")
        drive.add_file("1:1 [no-scribe].wav", parents=[FOLDER], content=b"two")

        assert await watched.reader.read() == 1

    (job,) = await queued(redis_url)
    assert job.source.title == "Standup"
    assert job.slack is not None and job.slack.channel == "C0RECORDINGS"
