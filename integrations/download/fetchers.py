"""Turn a `Source` into a local file: a local path as it is, a link through the safe
downloader."""

from __future__ import annotations

from pathlib import Path

import structlog

from core.domain import Source
from core.errors import BadRequest
from core.ports import Fetched
from integrations.download.downloader import SafeDownloader

log = structlog.get_logger(__name__)


class LocalFileFetcher:
    async def fetch(self, source: Source, workdir: Path) -> Fetched:
        del workdir  # a local file is read where it is
        path = Path(source.ref).expanduser()
        if not path.exists():
            raise BadRequest(f"{source.ref}: no such file")
        if not path.is_file():
            raise BadRequest(f"{source.ref} is not a file")
        return Fetched(path=path, title=source.title or path.stem)


class LinkFetcher:
    def __init__(self, downloader: SafeDownloader) -> None:
        self._downloader = downloader

    async def fetch(self, source: Source, workdir: Path) -> Fetched:
        path = await self._downloader.download(source.ref, workdir)
        log.info("link.downloaded", bytes=path.stat().st_size)
        return Fetched(path=path, title=source.title or path.stem)
