"""How long a remote server may keep us waiting, and the watchdog that enforces it.

httpx's read timeout alone cannot end a transfer that a server drips: it restarts with every
byte that arrives, so 1 byte every 5 s (of a body, or of the response headers) never times
out. So a link gets, besides httpx's connect and read timeouts: a deadline for its complete
response headers, one for a whole link check, and a body watchdog that wants at least
`min_bytes` in every `window_s`. A server that misses one is cut off with Transient: a slow
or stuck server may well be fine later, so the job is tried again.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import dataclass

import httpx

from core.errors import Transient
from integrations.download.responses import fmt_size


@dataclass(frozen=True)
class Deadlines:
    connect_s: float = 10.0  # DNS, TCP and TLS, per address
    headers_s: float = 30.0  # from sending a request to its last response header
    check_s: float = 45.0  # a whole link check: every hop, HEAD and the GET fallback
    window_s: float = 30.0  # the body must bring min_bytes in every window
    min_bytes: int = 64 * 1024  # about 2 KB/s: slower than that is a stall, not a download

    @classmethod
    def after(cls, stall_s: float) -> Deadlines:
        """Deadlines for SCRIBE_DOWNLOAD_STALL_S: how long a server may go without progress."""
        return cls(
            connect_s=min(10.0, stall_s), headers_s=stall_s, check_s=1.5 * stall_s, window_s=stall_s
        )

    def httpx_timeout(self) -> httpx.Timeout:
        # Per read, so a drip never trips it (the watchdog is for that); a silent socket does.
        return httpx.Timeout(
            connect=self.connect_s, read=self.window_s, write=self.window_s, pool=self.connect_s
        )


async def watched(
    chunks: AsyncIterator[bytes], deadlines: Deadlines, host: str
) -> AsyncGenerator[bytes, None]:
    """The chunks as they come, until fewer than min_bytes arrive within window_s: then
    Transient. The window restarts each time min_bytes have arrived."""
    loop = asyncio.get_running_loop()
    window_end, got = loop.time() + deadlines.window_s, 0
    while True:
        try:  # the deadline covers waiting for a chunk, never our own `yield`
            async with asyncio.timeout_at(window_end):
                chunk = await anext(chunks)
        except StopAsyncIteration:
            return
        except TimeoutError:
            raise Transient(
                f"the download from {host} stalled: less than {fmt_size(deadlines.min_bytes)} "
                f"arrived in {deadlines.window_s:g} s"
            ) from None
        got += len(chunk)
        if got >= deadlines.min_bytes:
            window_end, got = loop.time() + deadlines.window_s, 0
        yield chunk
