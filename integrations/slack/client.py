"""The Slack Web API client, built from settings: one HTTP session, Slack's rate limits obeyed."""

from __future__ import annotations

from contextlib import AsyncExitStack

import aiohttp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from core.settings import Settings


def build_slack_client(settings: Settings, closers: AsyncExitStack) -> AsyncWebClient | None:
    if settings.slack_bot_token is None:
        return None
    # One HTTP session for every call; slack_sdk otherwise opens one per API call.
    session = aiohttp.ClientSession()
    closers.push_async_callback(session.close)
    client = AsyncWebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=settings.slack_api_url,
        session=session,
    )
    # Slack answers 429 with Retry-After; the handler waits that long instead of dropping.
    client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=5))
    client.retry_handlers.append(AsyncServerErrorRetryHandler(max_retry_count=2))
    return client
