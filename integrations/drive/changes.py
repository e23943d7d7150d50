"""Reading Drive's change list and queueing a job for each new meeting file in the folder.

Drive's notifications name no file: they say "something changed". So the worker reads
`changes.list` from the saved page token, every page, keeps the files that are meetings in the
watched folder (integrations.drive.files), and queues one job per file and revision: the job id
carries the revision, so the same content seen twice (a re-upload, a rename, a second channel
during a renewal, a replayed page) is one job, and an edited transcript is a new one.

A page's token is saved only after that page's jobs are queued. A crash in between reads the
page again, and its jobs collapse into the ones already queued: nothing lost, nothing twice.
"""

from __future__ import annotations

from typing import Any, Protocol

import structlog
from pydantic import ValidationError

from core.domain import JobRequest, SlackTarget, Source
from core.errors import Transient
from core.ports import JobQueue
from core.routing import Meeting, Routes
from integrations.drive.files import DriveFile, wanted
from integrations.drive.state import DriveState

log = structlog.get_logger(__name__)

Json = dict[str, Any]
MAX_PAGES = 1000
READ_LOCK_S = 900  # a change read holds the lock at most this long (then it lapses)


class ChangeList(Protocol):
    """The part of the Drive API a change read needs."""

    async def start_page_token(self) -> str: ...

    async def changes(self, page_token: str) -> Json: ...


class ChangeReader:
    """Reads the folder's changes and queues their jobs; one read at a time."""

    def __init__(
        self,
        *,
        api: ChangeList,
        state: DriveState,
        queue: JobQueue,
        routes: Routes,
        folder_id: str,
    ) -> None:
        self._api = api
        self._state = state
        self._queue = queue
        self._routes = routes
        self._folder_id = folder_id

    async def start(self) -> str:
        """The saved page token, or (the first time) Drive's current one, saved."""
        token = await self._state.page_token()
        if token is None:
            token = await self._api.start_page_token()
            await self._state.save_page_token(token)
            log.info("drive.page_token_started")
        return token

    async def read_for(self, channel_id: str) -> int:
        """A notified read: later notifications of the channel get a read of their own. When
        another read is under way this one waits for it (Transient: the queue tries again)."""
        await self._state.clear_pending(channel_id)
        return await self.read(wait=True)

    async def read(self, *, wait: bool = False) -> int:
        """Read every change since the saved token; the number of jobs queued. Without
        `wait`, a read already under way is left to do the work (a poll)."""
        async with self._state.exclusive("read", seconds=READ_LOCK_S) as held:
            if not held:
                if wait:
                    raise Transient("another Drive change read is under way", retry_after_s=1)
                log.info("drive.read_skipped", reason="another read is under way")
                return 0
            return await self._read_pages()

    async def _read_pages(self) -> int:
        token = await self._state.page_token()
        if token is None:
            await self.start()
            return 0  # nothing before the first token is ours to read
        queued = pages = 0
        for pages in range(1, MAX_PAGES + 1):  # noqa: B007 - counted for the log line
            page = await self._api.changes(token)
            for change in page.get("changes") or ():
                queued += await self._queue_change(change)
            following = page.get("nextPageToken") or page.get("newStartPageToken")
            if not following:
                raise Transient("Drive's change list gave no page token to go on from")
            await self._state.save_page_token(str(following))  # only now: jobs are queued
            if not page.get("nextPageToken"):
                break
            token = str(following)
        log.info("drive.changes_read", pages=pages, queued=queued)
        return queued

    async def _queue_change(self, change: Json) -> int:
        file = _changed_file(change)
        if file is None or not wanted(file, self._folder_id):
            return 0
        route = self._routes.route(Meeting(topic=file.title, folders=file.parents))
        if route.skip:
            log.info("drive.file_skipped", file_id=file.id, why=route.why)
            return 0
        request = JobRequest(
            source=Source(kind="drive", ref=file.id, title=file.title),
            slack=SlackTarget(channel=route.channel) if route.channel else None,
            revision=file.revision,
        )
        submitted = await self._queue.submit_with_details(
            request, file.model_dump_json(by_alias=True)
        )
        log.info(
            "drive.file_queued",
            job_id=request.job_id,
            file_id=file.id,
            kind=file.kind,
            created=submitted.created,
        )
        return int(submitted.created)


def _changed_file(change: Json) -> DriveFile | None:
    """The file a change is about, unless it was removed or is not a file change."""
    if change.get("removed") or change.get("changeType", "file") != "file":
        return None
    try:
        return DriveFile.model_validate(change.get("file"))
    except ValidationError:
        return None
