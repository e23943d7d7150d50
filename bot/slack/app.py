"""The Bolt app behind `POST /slack/events`: Slack's request signing verified by slack-bolt,
then `/scribe` and thread replies handed to the listeners."""

from __future__ import annotations

import asyncio
import re
from contextlib import AsyncExitStack
from typing import Any

import aiohttp
import structlog
from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from slack_bolt.adapter.fastapi.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.async_authorize import AsyncAuthorize
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.listeners import ScribeSlack
from integrations.download.downloader import build_downloader
from integrations.slack.review import APPROVE, DISCARD
from integrations.wiring.receiver import ReceiverDeps

log = structlog.get_logger(__name__)

router = APIRouter()


@router.post("/slack/events")
async def slack_events(request: Request) -> Response:
    handler: AsyncSlackRequestHandler | None = request.app.state.slack
    if handler is None:
        return JSONResponse(
            {"error": "Slack is not configured (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET)"},
            status_code=503,
        )
    return await handler.handle(request)


async def start_slack(
    deps: ReceiverDeps, closers: AsyncExitStack
) -> tuple[AsyncSlackRequestHandler | None, ScribeSlack | None]:
    """The Bolt handler and its listeners, or (None, None) when Slack is not configured.
    Background work of the listeners is finished when `closers` closes."""
    if deps.slack is None or deps.settings.slack_signing_secret is None:
        return None, None
    downloader = build_downloader(deps.settings)
    await downloader.warm_up()
    scribe = ScribeSlack(deps, downloader)
    closers.push_async_callback(scribe.drain)
    authorize = OneWorkspace(deps.slack.client)
    handler = AsyncSlackRequestHandler(build_bolt_app(deps, scribe, authorize))
    await _warm_up(authorize)
    return handler, scribe


async def _warm_up(authorize: OneWorkspace) -> None:
    """Ask Slack who we are before the first request; if Slack is unreachable now, the first
    request will ask again."""
    try:
        async with asyncio.timeout(5):
            await authorize()
    except (TimeoutError, SlackApiError, OSError, aiohttp.ClientError) as exc:
        log.warning("receiver.slack_unreachable", reason=type(exc).__name__)


async def _ignore() -> None:
    return None


class OneWorkspace(AsyncAuthorize):
    """Bolt's authorization for a single workspace, asking Slack's auth.test once.

    Bolt's own single-team authorization calls auth.test from every request that arrives
    before the first answer; a burst of commands on a fresh receiver then waits on dozens of
    identical calls.
    """

    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client
        self._lock = asyncio.Lock()
        self._result: AuthorizeResult | None = None

    async def __call__(self, **_: Any) -> AuthorizeResult:
        if self._result is None:
            async with self._lock:
                if self._result is None:
                    response = await self._client.auth_test()
                    self._result = AuthorizeResult.from_auth_test_response(
                        auth_test_response=response, bot_token=self._client.token
                    )
        return self._result


def build_bolt_app(deps: ReceiverDeps, scribe: ScribeSlack, authorize: OneWorkspace) -> AsyncApp:
    settings = deps.settings
    assert settings.slack_signing_secret is not None  # noqa: S101 - checked by the caller
    app = AsyncApp(
        client=deps.slack.client if deps.slack else None,
        signing_secret=settings.slack_signing_secret.get_secret_value(),
        authorize=authorize,
        # Our listeners ack at once and hand slow work to their own background tasks.
        process_before_response=True,
        # Features Scribe does not use, each a step on every request.
        attaching_function_token_enabled=False,
        attaching_conversation_kwargs_enabled=False,
        ignoring_self_assistant_message_events_enabled=False,
    )
    app.command("/scribe")(scribe.on_command)
    app.event("message")(scribe.on_message)
    app.action(APPROVE)(scribe.on_review)
    app.action(DISCARD)(scribe.on_review)
    # Bolt answers 404 to events nobody listens to, and Slack retries those: ack them all.
    app.event(re.compile(".*"))(_ignore)
    return app
