"""The worker's Drive jobs: reading the watched folder's changes (when Drive notifies, or on a
schedule when it cannot) and renewing the push channel before it expires.

They run on a queue of their own (`arq:queue:drive`), so a change read never waits behind an
hour of transcription; the jobs they queue are processed on the recordings queue.
"""

from __future__ import annotations

from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Any

import structlog
from arq import Retry
from arq.cron import CronJob, cron
from arq.worker import Function, func

from core.errors import Transient
from core.log import bind_context
from core.settings import Settings
from integrations.drive.notifications import POLL_DRIVE_JOB, RENEW_DRIVE_JOB, SYNC_DRIVE_JOB
from integrations.wiring.drive import DriveWatch, build_drive_watch

log = structlog.get_logger(__name__)

READ_TRIES = 20  # a read waiting for another to finish tries again every second or so


@dataclass(frozen=True, slots=True)
class DriveDeps:
    settings: Settings
    closers: AsyncExitStack
    drive: DriveWatch


async def start_drive(ctx: dict[str, Any]) -> None:
    if "drive" in ctx:  # started again after Redis went away during start-up
        return
    settings: Settings = ctx["settings"]
    closers = AsyncExitStack()
    ctx["drive"] = DriveDeps(settings, closers, build_drive_watch(settings, closers=closers))
    log.info("worker.started", queue="drive", polling=ctx["drive"].drive.config.polling)


async def stop_drive(ctx: dict[str, Any]) -> None:
    deps: DriveDeps | None = ctx.get("drive")
    if deps is not None:
        await deps.closers.aclose()


def _watch(ctx: dict[str, Any]) -> DriveWatch:
    deps: DriveDeps = ctx["drive"]
    return deps.drive


async def sync_drive_changes(ctx: dict[str, Any], channel_id: str) -> int:
    """Queued by a notification: read the changes since the saved page token."""
    with bind_context(job_id=ctx["job_id"], drive_channel=channel_id):
        try:
            return await _watch(ctx).reader.read_for(channel_id)
        except Transient as exc:
            if ctx["job_try"] >= READ_TRIES:
                raise
            raise Retry(defer=exc.retry_after_s or ctx["job_try"]) from exc


async def poll_drive_changes(ctx: dict[str, Any]) -> int:
    """Without a public address, the same read on a schedule."""
    with bind_context(job_id=ctx["job_id"]):
        try:
            return await _watch(ctx).reader.read()
        except Transient as exc:
            log.warning("drive.poll_failed", reason=exc.message)  # the next poll tries again
            return 0


async def renew_drive_channel(ctx: dict[str, Any]) -> str | None:
    """Every minute: a new channel when the current one is 80% through its life."""
    with bind_context(job_id=ctx["job_id"]):
        try:
            channel = await _watch(ctx).watcher.renew_if_due()
        except Transient as exc:
            log.warning("drive.renewal_failed", reason=exc.message)  # tried again next minute
            return None
    return channel.id if channel else None


def drive_functions() -> list[Function]:
    return [
        func(
            sync_drive_changes,
            name=SYNC_DRIVE_JOB,
            timeout=900,
            max_tries=READ_TRIES,
            keep_result=0,
        ),  # fmt: skip
    ]


def poll_schedule(poll_s: int) -> dict[str, Any]:
    """arq cron fields for "about every poll_s seconds", aligned to the clock."""
    if poll_s < 60:
        return {"second": set(range(0, 60, poll_s))}
    minutes = max(1, round(poll_s / 60))
    if minutes < 60:
        return {"minute": set(range(0, 60, minutes)), "second": 0}
    return {"hour": set(range(0, 24, max(1, round(minutes / 60)))), "minute": 0, "second": 0}


def drive_cron_jobs(settings: Settings) -> list[CronJob]:
    """Renewal every minute (it does nothing until a channel is due); polling when there is
    no public address. `unique`: one worker runs each, however many there are."""
    jobs = [
        cron(
            renew_drive_channel,
            name=RENEW_DRIVE_JOB,
            second=30,
            unique=True,
            timeout=120,
            run_at_startup=True,
        ),  # fmt: skip
    ]
    if not settings.public_url:
        jobs.append(
            cron(
                poll_drive_changes,
                name=POLL_DRIVE_JOB,
                unique=True,
                timeout=900,
                run_at_startup=True,
                **poll_schedule(settings.drive_poll_s),
            )  # fmt: skip
        )
    return jobs
