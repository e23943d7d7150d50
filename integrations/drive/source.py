"""Fetching a Drive file for the pipeline, and who gets its summary by email.

Each file is looked up with files.get, whether the change list or a link named it. Recordings
and transcript files are downloaded with files.get_media, in chunks, to the job's folder,
within SCRIBE_MAX_MEDIA_BYTES; a Meet transcript (a Google Doc) is exported as text with its
speakers and times. A file the service account cannot see gets a plain answer: share it with
the service account's address.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Protocol, TypeVar

import structlog

from core.domain import Attendee, JobRequest, Source
from core.errors import BadRequest, NotFound
from core.ports import Fetched, SourceDetails
from integrations.download.responses import fmt_size
from integrations.drive.config import NEEDS_ACCOUNT
from integrations.drive.files import DriveFile
from integrations.drive.meet import meet_transcript_text

log = structlog.get_logger(__name__)

T = TypeVar("T")
_SAFE_SUFFIX = re.compile(r"^\.[a-z0-9]{1,8}$")


class FileApi(Protocol):
    """The part of the Drive API fetching needs."""

    @property
    def email(self) -> str: ...

    async def file(self, file_id: str) -> DriveFile: ...

    async def export_text(self, file_id: str) -> str: ...

    async def download(self, file_id: str, path: Path, *, max_bytes: int) -> int: ...


def not_shared(email: str) -> str:
    return (
        f"Scribe cannot read that Google Drive file: share it with {email} "
        "(Viewer is enough), then ask again"
    )


class DriveFetcher:
    """The pipeline's Fetcher for `Source(kind="drive", ref=<file id>)`."""

    def __init__(self, *, connect: Callable[[], FileApi] | None, max_bytes: int) -> None:
        self._connect = connect
        self._api: FileApi | None = None
        self._max_bytes = max_bytes

    async def fetch(self, source: Source, workdir: Path) -> Fetched:
        if self._connect is None:
            raise BadRequest(NEEDS_ACCOUNT)
        # Built on first use: a command that never meets a Drive file never reads the key.
        self._api = self._api or self._connect()
        # Asked afresh even for a file from the change list: the bytes downloaded are the
        # file's current ones, so its current name and type go with them.
        file = await self._readable(self._api.file(source.ref))
        title = source.title or file.title
        if file.kind == "meet_transcript":
            text = meet_transcript_text(await self._api.export_text(file.id))
            path = workdir / "meet-transcript.txt"
            path.write_text(text, encoding="utf-8")
            return Fetched(path=path, title=title)
        if file.kind is None:
            raise BadRequest(
                f"that Google Drive file ({file.mime_type or 'unknown type'}) is not a "
                "recording or a transcript"
            )
        if file.size is not None and file.size > self._max_bytes:
            raise BadRequest(
                f"that Google Drive file is {fmt_size(file.size)}, more than the "
                f"{fmt_size(self._max_bytes)} allowed (SCRIBE_MAX_MEDIA_BYTES)"
            )
        path = workdir / f"drive-file{_suffix(file)}"
        size = await self._api.download(file.id, path, max_bytes=self._max_bytes)
        log.info("drive.downloaded", bytes=size, kind=file.kind)
        return Fetched(path=path, title=title)

    async def _readable(self, call: Awaitable[T]) -> T:
        """A file the service account cannot see (Drive answers 404) is answered in words the
        sender can act on. Refusals after that (a download the owner disabled) keep Drive's."""
        assert self._api is not None  # noqa: S101 - checked in fetch
        try:
            return await call
        except NotFound:
            raise NotFound(not_shared(self._api.email)) from None


def _suffix(file: DriveFile) -> str:
    """The name's extension when it is a plain one (the transcript reader goes by it)."""
    return file.suffix if _SAFE_SUFFIX.match(file.suffix) else ".bin"


class DriveAttendees:
    """The AttendeeLookup for Drive jobs: the file's owner, who gets the summary by email
    (within the allowed domains). A link someone sent goes only where they asked."""

    def __init__(self, *, details: SourceDetails) -> None:
        self._details = details

    async def attendees(self, request: JobRequest) -> list[Attendee]:
        texts = await self._details.load_details(request.job_id)
        if not texts:
            return []
        owner = DriveFile.model_validate_json(texts[-1]).owner
        return [Attendee(name=owner.name, email=owner.email)] if owner and owner.email else []
