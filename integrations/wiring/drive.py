"""What watching a Drive folder runs on, built from settings: the Drive client, the change
reader and the channel watcher, over Redis and the job queue. Used by the worker's Drive jobs
and by `scribe drive watch`; the pipeline takes the Drive fetcher from here.

The Google client libraries are imported only when something is built that uses them, so a
`scribe process` of a local file does not pay for them.
"""

from __future__ import annotations

from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.settings import Settings
from integrations.drive.config import DriveConfig, drive_config, watched_config
from integrations.drive.source import DriveFetcher, FileApi

if TYPE_CHECKING:
    from integrations.drive.changes import ChangeReader
    from integrations.drive.client import DriveApi
    from integrations.drive.state import DriveState
    from integrations.drive.watch import ChannelWatcher


@dataclass(frozen=True, slots=True)
class DriveWatch:
    """The watched folder: its change reader and its push channel."""

    config: DriveConfig
    api: DriveApi
    state: DriveState
    reader: ChangeReader
    watcher: ChannelWatcher


def build_drive_watch(settings: Settings, *, closers: AsyncExitStack) -> DriveWatch:
    """Raises ConfigError when the folder cannot be watched with these settings."""
    from arq.connections import ArqRedis
    from redis.asyncio import ConnectionPool

    from core.routing import load_routes
    from integrations.drive.changes import ChangeReader
    from integrations.drive.client import build_drive_api
    from integrations.drive.state import DriveState
    from integrations.drive.watch import ChannelWatcher
    from integrations.store.queue import ArqJobQueue, json_dumps, json_loads
    from integrations.store.records import RedisStore

    config = watched_config(settings)
    assert config.folder_id is not None  # noqa: S101 - watched_config checks it
    api = build_drive_api(config)
    # The queue's own pool: JSON jobs on arq's default queue, where recordings are processed.
    pool = ArqRedis(
        ConnectionPool.from_url(settings.redis_url, socket_timeout=10, socket_connect_timeout=5),
        job_serializer=json_dumps,
        job_deserializer=json_loads,
    )
    closers.push_async_callback(pool.aclose, close_connection_pool=True)
    store = RedisStore(pool, retention_days=settings.retention_days)
    state = DriveState(pool)
    reader = ChangeReader(
        api=api,
        state=state,
        queue=ArqJobQueue(pool, store),
        routes=load_routes(settings.routes_file, default_channel=settings.default_channel),
        folder_id=config.folder_id,
    )
    watcher = ChannelWatcher(api=api, state=state, reader=reader, config=config)
    return DriveWatch(config=config, api=api, state=state, reader=reader, watcher=watcher)


def build_drive_fetcher(settings: Settings) -> DriveFetcher:
    """Drive files for the pipeline; without a service account, Drive links are refused."""
    config = drive_config(settings)
    if config is None:
        return DriveFetcher(connect=None, max_bytes=int(settings.max_media_bytes))

    def connect() -> FileApi:
        from integrations.drive.client import build_drive_api

        return build_drive_api(config)

    return DriveFetcher(connect=connect, max_bytes=int(settings.max_media_bytes))
