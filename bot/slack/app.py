"""The Bolt app behind `POST /slack/events`: Slack's request signing verified first (see
bot.slack.inbound), then `/scribe`, thread replies and the review buttons handed to the
listeners."""

from __future__ import annotations

import asyncio
import re
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import aiohttp
import slack_bolt
import structlog
from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from slack_bolt import BoltResponse
from slack_bolt.adapter.starlette.async_handler import to_starlette_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.async_authorize import AsyncAuthorize
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.inbound import Malformed, Refused, bolt_request, check_signature, is_ssl_check
from bot.slack.listeners import ScribeSlack
from core.errors import Transient
from integrations.download.downloader import build_downloader
from integrations.slack.review import APPROVE, DISCARD
from integrations.wiring.receiver import ReceiverDeps

log = structlog.get_logger(__name__)

router = APIRouter()

_BOLT_DIR = str(Path(slack_bolt.__file__).parent)
# What Bolt's own code raises when a signed body has a shape Slack never sends (a string
# where it reads an object, a missing key): the request's fault, not the receiver's.
_SHAPE_ERRORS = (AttributeError, TypeError, KeyError, IndexError, ValueError)


@router.post("/slack/events")
async def slack_events(request: Request) -> Response:
    slack: SlackReceiver | None = request.app.state.slack
    if slack is None:
        return JSONResponse(
            {"error": "Slack is not configured (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET)"},
            status_code=503,
        )
    return await slack.handle(request)


class SlackReceiver:
    """Checks what arrives, then lets Bolt dispatch it to the listeners."""

    def __init__(self, bolt: AsyncApp, signing_secret: str) -> None:
        self._bolt = bolt
        self._secret = signing_secret

    async def handle(self, request: Request) -> Response:
        body = await request.body()  # at most bot.limits.MAX_BODY_BYTES
        if is_ssl_check(body):
            return Response(status_code=200)
        headers = request.headers
        try:
            check_signature(
                self._secret,
                timestamp=headers.get("x-slack-request-timestamp"),
                signature=headers.get("x-slack-signature"),
                body=body,
            )
            bolt_req = bolt_request(body, headers)
        except Refused as exc:
            # Nothing of the body is logged: it may come from anyone.
            log.warning("slack.request_refused", status=exc.status, reason=exc.reason)
            return JSONResponse({"error": exc.reason}, status_code=exc.status)
        return to_starlette_response(await self._bolt.async_dispatch(bolt_req))


async def on_error(error: Exception) -> BoltResponse | None:
    """Bolt's error handler, for listeners and its own middleware alike: a body of the wrong
    shape is a 400 and Redis out of reach a 503 (Slack retries it), each one line in the log;
    anything else is a bug, logged with its traceback, and Bolt answers 500."""
    if isinstance(error, Malformed) or (
        isinstance(error, _SHAPE_ERRORS) and _raised_in_bolt(error)
    ):
        reason = str(error) if isinstance(error, Malformed) else type(error).__name__
        log.warning("slack.request_malformed", reason=reason)
        return BoltResponse(status=400, body='{"error": "malformed request"}')
    if isinstance(error, Transient):
        log.warning("slack.queue_unavailable", reason=error.message)
        return BoltResponse(status=503, body='{"error": "the queue is unavailable"}')
    log.error("slack.request_failed", exc_info=error)
    return None


def _raised_in_bolt(error: BaseException) -> bool:
    frame = error.__traceback__
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    return frame is not None and frame.tb_frame.f_code.co_filename.startswith(_BOLT_DIR)


async def start_slack(
    deps: ReceiverDeps, closers: AsyncExitStack
) -> tuple[SlackReceiver | None, ScribeSlack | None]:
    """The Slack receiver and its listeners, or (None, None) when Slack is not configured.
    Background work of the listeners is finished when `closers` closes."""
    secret = deps.settings.slack_signing_secret
    if deps.slack is None or secret is None or not secret.get_secret_value().strip():
        return None, None
    downloader = build_downloader(deps.settings)
    await downloader.warm_up()
    scribe = ScribeSlack(deps, downloader)
    closers.push_async_callback(scribe.drain)
    authorize = OneWorkspace(deps.slack.client)
    bolt = build_bolt_app(deps, scribe, authorize)
    await _warm_up(authorize)
    return SlackReceiver(bolt, secret.get_secret_value()), scribe


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
        # SlackReceiver checked the signature already, without Bolt's logging of the body.
        request_verification_enabled=False,
        # Our listeners ack at once and hand slow work to their own background tasks.
        process_before_response=True,
        # Features Scribe does not use, each a step on every request.
        attaching_function_token_enabled=False,
        attaching_conversation_kwargs_enabled=False,
        ignoring_self_assistant_message_events_enabled=False,
    )
    app.error(on_error)
    app.command("/scribe")(scribe.on_command)
    # A mention in a thread comes twice (`message` and `app_mention`, each with its own event
    # id); the listener answers one of them.
    app.event("message")(scribe.on_message)
    app.event("app_mention")(scribe.on_message)
    app.action(APPROVE)(scribe.on_review)
    app.action(DISCARD)(scribe.on_review)
    # Bolt answers 404 to events nobody listens to, and Slack retries those: ack them all.
    app.event(re.compile(".*"))(_ignore)
    return app
