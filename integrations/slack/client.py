"""The Slack Web API client, built from settings: one HTTP session, Slack's rate limits obeyed."""

from __future__ import annotations

from contextlib import AsyncExitStack
from urllib.parse import urlsplit

import aiohttp
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient

from core.settings import Settings
from integrations.slack.errors import NOT_REPEATABLE


def repeatable(request: HttpRequest) -> bool:
    """Whether a call may be sent again after a 5xx or a dropped connection: not one that
    posts or shares, since Slack may have acted before its reply was lost."""
    return urlsplit(request.url).path.rstrip("/").rsplit("/", 1)[-1] not in NOT_REPEATABLE


class _OnlyRepeatable(AsyncRetryHandler):
    """Retries what the handler it is mixed into retries, but only calls safe to repeat."""

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return repeatable(request) and await super()._can_retry_async(
            state=state, request=request, response=response, error=error
        )


class _RepeatableServerErrors(_OnlyRepeatable, AsyncServerErrorRetryHandler):
    pass


class _RepeatableConnectionErrors(_OnlyRepeatable, AsyncConnectionErrorRetryHandler):
    pass


def retry_handlers() -> list[AsyncRetryHandler]:
    # Slack answers 429 with Retry-After before doing anything: always worth waiting out.
    # A 5xx or a dropped connection may come after Slack acted; posts and file shares are
    # looked for instead of repeated (integrations/slack/channel.py).
    return [
        AsyncRateLimitErrorRetryHandler(max_retry_count=5),
        _RepeatableServerErrors(max_retry_count=2),
        _RepeatableConnectionErrors(max_retry_count=1),
    ]


def build_slack_client(settings: Settings, closers: AsyncExitStack) -> AsyncWebClient | None:
    if settings.slack_bot_token is None:
        return None
    # One HTTP session for every call; slack_sdk otherwise opens one per API call.
    session = aiohttp.ClientSession()
    closers.push_async_callback(session.close)
    return AsyncWebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=settings.slack_api_url,
        session=session,
        retry_handlers=retry_handlers(),
    )
