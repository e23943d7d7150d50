"""An arq worker that outlives Redis outages.

arq's own loop dies on the first ConnectionError (a poll, a heartbeat, a job's end written
back), about a minute into an outage, and its start-up prints a traceback when Redis is down.
Here every round trip the worker loop makes waits out an outage instead: one log line when
Redis goes, one a minute while it stays away, one when it is back, with backoff between tries.
A running job goes on meanwhile (its lease, worker.tasks.lease, is taken back on return); a
job's end is written once Redis answers again, or, when the worker is stopping, left to the
lease to hand back.
"""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import structlog
from arq import Worker
from arq.constants import in_progress_key_prefix
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from core.errors import ConfigError

log = structlog.get_logger(__name__)
T = TypeVar("T")

# What an unreachable, restarting or hung Redis raises (a refused or reset socket is an OSError,
# a busy-loading one a ConnectionError subclass).
REDIS_DOWN: tuple[type[BaseException], ...] = (
    RedisConnectionError,
    RedisTimeoutError,
    OSError,
    asyncio.TimeoutError,
)
_HUNG_AFTER_S = 10.0  # a poll that takes this long means Redis is not answering


def shown_url(url: str) -> str:
    """The Redis URL without its password, for log lines."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit(parts._replace(netloc=user + host))


class RedisOutage:
    """Says that Redis is away once, then once every `every_s` while it stays away, then that
    it is back; and how long to wait before the next try (doubling up to `max_delay_s`).
    One per process, shared by its workers, so an outage reads as one story."""

    def __init__(self, url: str, *, every_s: float = 60.0, max_delay_s: float = 5.0) -> None:
        self._url = shown_url(url)
        self._every_s = every_s
        self._max_delay_s = max_delay_s
        self._since: float | None = None
        self._said = 0.0
        self._tries = 0

    @property
    def ongoing(self) -> bool:
        return self._since is not None

    def lost(self, exc: BaseException) -> None:
        now = time.monotonic()
        self._tries += 1
        if self._since is None:
            self._since = self._said = now
            log.warning(
                "worker.redis_unavailable",
                redis=self._url,
                setting="SCRIBE_REDIS_URL",
                error=type(exc).__name__,
                action="retrying; running jobs go on",
            )
        elif now - self._said >= self._every_s:
            self._said = now
            log.warning(
                "worker.redis_still_unavailable",
                redis=self._url,
                setting="SCRIBE_REDIS_URL",
                for_s=round(now - self._since),
            )

    def back(self) -> None:
        if self._since is None:
            return
        log.info("worker.redis_reconnected", redis=self._url, after_s=round(self.seconds(), 1))
        self._since = None
        self._tries = 0

    def seconds(self) -> float:
        return 0.0 if self._since is None else time.monotonic() - self._since

    def next_delay(self) -> float:
        return float(min(0.25 * 2 ** min(self._tries, 8), self._max_delay_s))


async def wait_for_redis(url: str, outage: RedisOutage, *, give_up: bool) -> None:
    """Return once Redis answers. `give_up` (burst runs): raise ConfigError at once instead."""
    client: Redis = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
    try:
        while True:
            try:
                await client.ping()
            except REDIS_DOWN as exc:
                if give_up:
                    raise ConfigError(
                        f"Redis at {shown_url(url)} does not answer ({type(exc).__name__}): "
                        "start it, or point SCRIBE_REDIS_URL at one that runs"
                    ) from exc
                outage.lost(exc)
                await asyncio.sleep(outage.next_delay())
            else:
                outage.back()
                return
    finally:
        await client.aclose()


class ResilientWorker(Worker):
    """arq's Worker, whose Redis round trips wait out an outage rather than end the process."""

    def __init__(self, *args: Any, outage: RedisOutage, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._outage = outage
        self._stopping = False

    def handle_sig(self, signum: Any) -> None:
        self._stopping = True
        super().handle_sig(signum)

    async def _poll_iteration(self) -> None:
        poll = asyncio.ensure_future(super()._poll_iteration())
        try:
            hung = False
            while True:
                # A hung Redis (stopped, not gone) never answers nor fails: say so while waiting.
                done, _ = await asyncio.wait({poll}, timeout=_HUNG_AFTER_S)
                if done:
                    break
                hung = True
                self._outage.lost(TimeoutError())
            poll.result()
        except REDIS_DOWN as exc:
            self._outage.lost(exc)
            await self._until_redis_answers()
        else:
            if hung:  # the round trip that hung has been answered
                self._outage.back()
        finally:
            if not poll.done():  # cancelled from outside (shutdown)
                poll.cancel()

    async def _until_redis_answers(self) -> None:
        # An iteration can pass without a round trip (a busy worker does not read the queue),
        # so only an answered ping says that Redis is back.
        while True:
            await asyncio.sleep(self._outage.next_delay())
            try:
                await self.pool.ping()
            except REDIS_DOWN as exc:
                self._outage.lost(exc)
            else:
                self._outage.back()
                return

    async def start_jobs(self, job_ids: list[bytes]) -> None:
        # arq counts a job as started before it writes the in-progress marker; when that write
        # fails, the count would never come down and the worker would think itself busy.
        for job_id in job_ids:
            if self.job_counter >= self.max_jobs:
                return
            before, counted = self.tasks.get(job_id.decode()), self.job_counter
            try:
                await super().start_jobs([job_id])
            except REDIS_DOWN:
                if self.tasks.get(job_id.decode()) is before and self.job_counter > counted:
                    self.job_counter -= 1
                    self.sem.release()
                raise

    async def run_job(self, job_id: str, score: int) -> None:
        try:
            await super().run_job(job_id, score)
        except REDIS_DOWN as exc:
            # Reading the job or counting its try failed, so it never ran: hand it back.
            log.warning("worker.job_handed_back", job_id=job_id, error=type(exc).__name__)
            key = in_progress_key_prefix + job_id
            await self._when_redis_answers(lambda: self.pool.delete(key))

    async def finish_job(self, *args: Any) -> None:
        finish = super().finish_job
        await self._when_redis_answers(lambda: finish(*args))

    async def finish_failed_job(self, job_id: str, result_data: bytes | None) -> None:
        finish = super().finish_failed_job
        await self._when_redis_answers(lambda: finish(job_id, result_data))

    async def _when_redis_answers(self, write: Callable[[], Awaitable[Any]]) -> None:
        """Run `write` once Redis answers. A stopping worker tries once: the lease's marker
        expires within SCRIBE_WORKER_LEASE_S, and another worker takes the job over."""
        while True:
            try:
                await write()
            except REDIS_DOWN as exc:
                self._outage.lost(exc)
                if self._stopping:
                    log.warning("worker.job_left_to_lease", error=type(exc).__name__)
                    return
                await asyncio.sleep(self._outage.next_delay())
            else:
                self._outage.back()
                return

    async def close(self) -> None:
        """arq's close, but an unreachable Redis does not keep on_shutdown from running."""
        if not self._handle_signals:
            self.handle_sig(signal.SIGUSR1)
        if not self._pool:
            return
        await asyncio.gather(*self.tasks.values(), return_exceptions=True)
        try:
            await asyncio.wait_for(self.pool.delete(self.health_check_key), 2)
        except REDIS_DOWN:
            pass  # its marker expires by itself
        if self.on_shutdown:
            await self.on_shutdown(self.ctx)
        await self.pool.aclose(close_connection_pool=True)
        self._pool = None
