"""Where results go, built from settings: Slack, email, and the Redis store that records
what was delivered. Used by the worker and by `scribe process --channel/--email`."""

from __future__ import annotations

from contextlib import AsyncExitStack

from redis.asyncio import Redis
from redis.exceptions import RedisError

from core.errors import BadRequest
from core.ports import MeetingArchive, Notifier
from core.settings import Settings
from integrations.mail.notifier import EmailNotifier, SmtpConfig, build_templates
from integrations.slack.channel import SlackChannels
from integrations.slack.client import build_slack_client
from integrations.slack.notifier import SlackNotifier
from integrations.store.records import RedisStore


def build_email_notifier(settings: Settings) -> EmailNotifier | None:
    if not settings.smtp_host or not settings.email_from:
        return None
    config = SmtpConfig(
        host=settings.smtp_host,
        port=settings.smtp_port,
        sender=settings.email_from,
        username=settings.smtp_username,
        password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
        starttls=settings.smtp_starttls,
    )
    return EmailNotifier(
        config, allowed_domains=settings.email_allowed_domains, templates=build_templates()
    )


def build_notifiers(
    settings: Settings,
    *,
    archive: MeetingArchive,
    closers: AsyncExitStack,
    required: frozenset[str] = frozenset(),
) -> list[Notifier]:
    """The configured notifiers. `required` names those the caller cannot do without
    ("slack", "email"): missing configuration for one of them is the caller's error."""
    notifiers: list[Notifier] = []
    slack = build_slack_client(settings, closers)
    if slack is not None:
        notifiers.append(SlackNotifier(SlackChannels(slack), archive))
    elif "slack" in required:
        raise BadRequest("posting to Slack needs SLACK_BOT_TOKEN")
    email = build_email_notifier(settings)
    if email is not None:
        notifiers.append(email)
    elif "email" in required:
        raise BadRequest("sending email needs SCRIBE_SMTP_HOST and SCRIBE_EMAIL_FROM")
    return notifiers


def build_redis(settings: Settings, closers: AsyncExitStack) -> Redis:
    # Without a socket timeout, a Redis that hangs (stopped, or gone from the network without
    # closing the connection) would hold a call forever; this way it fails as Transient.
    redis: Redis = Redis.from_url(settings.redis_url, socket_connect_timeout=2, socket_timeout=5)
    closers.push_async_callback(redis.aclose)
    return redis


async def reachable_store(settings: Settings, closers: AsyncExitStack) -> RedisStore | None:
    """The Redis store if Redis answers within a second, else None (the CLI works without)."""
    redis: Redis = Redis.from_url(settings.redis_url, socket_connect_timeout=1, socket_timeout=2)
    closers.push_async_callback(redis.aclose)
    try:
        await redis.ping()
    except (RedisError, OSError):
        return None
    return RedisStore(redis, retention_days=settings.retention_days)
