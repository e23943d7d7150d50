"""What the HTTP receiver needs, built from settings: Redis (job states and the queue) and
Slack. Kept apart from integrations.wiring.worker so that the receiver loads none of what only
workers use (the model client, numpy, PyAV, mail templates): it starts faster and stays small.
"""

from __future__ import annotations

from contextlib import AsyncExitStack
from dataclasses import dataclass

from arq.connections import ArqRedis
from redis.asyncio import BlockingConnectionPool

from core.ports import JobQueue
from core.routing import Routes, load_routes
from core.settings import Settings
from integrations.slack.channel import SlackChannels
from integrations.slack.client import build_slack_client
from integrations.store.queue import ArqJobQueue, json_dumps, json_loads
from integrations.store.records import RedisStore

RECEIVER_REDIS_CONNECTIONS = 16
# Slack gives up after 3 s. A Redis that hangs (stopped, swapping, a network that drops
# packets) must cost a request about a second, so the receiver can still answer in time
# ("try again in a minute", or a 503 that Slack and Zoom retry). Redis itself answers in
# well under a millisecond.
REDIS_TIMEOUT_S = 1.0


@dataclass(frozen=True, slots=True)
class ReceiverDeps:
    """`scribe serve`: what the HTTP receiver needs. It queues work and reads state, it never
    processes."""

    settings: Settings
    redis: ArqRedis
    store: RedisStore
    queue: JobQueue
    slack: SlackChannels | None
    routes: Routes


def build_receiver_deps(settings: Settings, *, closers: AsyncExitStack) -> ReceiverDeps:
    # No connection is made here: the receiver must start, and say it is not ready, while
    # Redis is down. A bounded pool: a burst of requests waits a moment for a connection
    # instead of opening dozens at once (each costs a handshake of several round trips).
    connections = BlockingConnectionPool.from_url(
        settings.redis_url,
        max_connections=RECEIVER_REDIS_CONNECTIONS,
        timeout=REDIS_TIMEOUT_S,
        socket_timeout=REDIS_TIMEOUT_S,
        socket_connect_timeout=REDIS_TIMEOUT_S,
    )
    pool = ArqRedis(
        connections,
        job_serializer=json_dumps,
        job_deserializer=json_loads,
    )
    closers.push_async_callback(pool.aclose, close_connection_pool=True)
    store = RedisStore(pool, retention_days=settings.retention_days)
    client = build_slack_client(settings, closers)
    return ReceiverDeps(
        settings=settings,
        redis=pool,
        store=store,
        queue=ArqJobQueue(pool, store),
        slack=SlackChannels(client) if client else None,
        routes=load_routes(settings.routes_file, default_channel=settings.default_channel),
    )
