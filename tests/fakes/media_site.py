"""A loopback web server with recordings on it, some of them unreliable on purpose."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route


class MediaSite:
    """Serves files by name. `fail_first(name, status, times)` makes the first requests for a
    name answer with an error status; `hold(name)` keeps requests for a name waiting until
    `release()`; `hits` counts requests per name, `queries` keeps each request's query string."""

    def __init__(self, files: dict[str, Path]) -> None:
        self.url = ""  # set while served (tests.fakes.server.serving)
        self.files = dict(files)
        self.hits: Counter[str] = Counter()
        self.queries: list[str] = []
        self._failures: dict[str, list[int]] = {}
        self._held: set[str] = set()
        self._released = threading.Event()  # set from the test's thread, read in the server's
        self.app = Starlette(routes=[Route("/{name}", self._serve, methods=["GET", "HEAD"])])

    def fail_first(self, name: str, status: int, times: int) -> None:
        self._failures[name] = [status] * times

    def hold(self, name: str) -> None:
        self._held.add(name)

    def release(self) -> None:
        self._released.set()

    async def _serve(self, request: Request) -> Response:
        name = request.path_params["name"]
        self.hits[name] += 1
        self.queries.append(request.url.query)
        while name in self._held and not self._released.is_set():
            await asyncio.sleep(0.01)
        pending = self._failures.get(name)
        if pending:
            return PlainTextResponse("try again later", status_code=pending.pop(0))
        path = self.files.get(name)
        if path is None:
            return PlainTextResponse("not found", status_code=404)
        return FileResponse(path)
