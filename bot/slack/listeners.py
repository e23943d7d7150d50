"""The Slack app: `/scribe`, and questions asked in the thread of a summary.

Slack wants an answer within 3 seconds, and the sooner the better: a burst of commands shares
one event loop. So `/scribe <link>` is answered from what the command's text alone shows (a
refused scheme, address or link kind, or a verdict on the same link a moment ago) and every
step that waits on something else (Redis, DNS, the link itself, Slack) runs after the answer.
The requester then sees the progress message appear in the channel, or hears privately why not.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from functools import partial
from typing import Any

import aiohttp
import structlog
from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.async_authorize import AsyncAuthorize
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.commands import USAGE, Help, Status, Summarize, parse_command
from bot.slack.verdicts import RecentVerdicts, Verdict
from core.domain import JobRequest, JobStatus, Question, SlackTarget
from core.errors import BadRequest, NotFound, ScribeError, Transient
from core.links import NOT_SUPPORTED_YET, classify_link
from core.timefmt import ago
from integrations.download.downloader import SafeDownloader
from integrations.slack.blocks import escape, status_text
from integrations.slack.notifier import SUMMARY
from integrations.wiring.receiver import ReceiverDeps

log = structlog.get_logger(__name__)

Ack = Callable[..., Awaitable[None]]
Respond = Callable[..., Awaitable[Any]]
_CLAIM_SECONDS = 60
# New links are looked at two at a time: a burst of them would otherwise take the event loop
# from the commands still arriving. Nobody waits more than a second for a lane, so links
# that are slow to answer cannot hold up the others.
_LANES = 2
_LANE_WAIT_SECONDS = 1.0
_ON_IT = "I am already on it; the summary will appear in this channel."
_CHECKING = (
    "Someone just sent that link: I am checking it. Progress and the summary will appear in "
    "this channel."
)
_UNAVAILABLE = (
    ":warning: Scribe cannot reach its queue right now; nothing was queued. Try again in a minute."
)
_BROKEN = ":warning: Something went wrong on my side; nothing was queued."
_NOT_A_MEMBER = {"not_in_channel", "channel_not_found"}
_CANNOT_JOIN = {"method_not_supported_for_channel_type", "channel_not_found", "is_archived"}
_INVITE_ME = (
    "I cannot post in this channel. Invite me with `/invite @Scribe`, then send the link again"
)
_STATE_ICONS = {
    "queued": ":hourglass_flowing_sand:",
    "fetching": ":inbox_tray:",
    "transcribing": ":studio_microphone:",
    "summarizing": ":pencil:",
    "delivering": ":outbox_tray:",
    "done": ":white_check_mark:",
    "failed": ":x:",
}


def permalink(channel: str, ts: str) -> str:
    return f"https://slack.com/archives/{channel}/p{ts.replace('.', '')}"


class ScribeSlack:
    """Listeners for the Bolt app; background work is tracked so shutdown can finish it."""

    def __init__(self, deps: ReceiverDeps, downloader: SafeDownloader) -> None:
        self._deps = deps
        self._downloader = downloader
        self._tasks: set[asyncio.Task[None]] = set()
        self._verdicts = RecentVerdicts()
        self._lanes = asyncio.Semaphore(_LANES)
        self._joined: set[str] = set()

    async def drain(self, timeout: float = 10.0) -> None:
        """Wait for the work handed to the background (at shutdown, and in tests), including
        what that work hands on (the private replies to copies of a command)."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                while self._tasks:
                    await asyncio.wait(set(self._tasks))

    def _background(self, work: Awaitable[None]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def on_command(self, ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        intent = parse_command(str(command.get("text", "")))
        channel = str(command["channel_id"])
        try:
            if isinstance(intent, Help):
                await ack(text=escape(intent.note) + ("\n\n" if intent.note else "") + USAGE)
            elif isinstance(intent, Status):
                await ack(text=await self._status(channel))
            else:
                await self._summarize(intent, ack, respond, channel, str(command["user_id"]))
        except Transient as exc:
            log.warning("slack.command_unavailable", reason=exc.message)
            await ack(text=_UNAVAILABLE)

    async def _summarize(
        self, intent: Summarize, ack: Ack, respond: Respond, channel: str, user: str
    ) -> None:
        # Keyed on the command's own text: a copy is answered before anything is parsed.
        key = f"{channel} {intent.link}"
        known = self._verdicts.get(key)
        if known is None:
            await self._first(key, intent.link, ack, respond, channel, user)
        elif known.done():
            await ack(text=known.result().text)
        else:  # the first command for the link passed the checks in _first and is under way
            await ack(text=_CHECKING)
            known.add_done_callback(partial(self._follow, respond))

    async def _first(
        self, key: str, link: str, ack: Ack, respond: Respond, channel: str, user: str
    ) -> None:
        try:
            source = classify_link(link)
            if source.kind in NOT_SUPPORTED_YET:
                raise BadRequest(NOT_SUPPORTED_YET[source.kind])
            self._downloader.screen(source.ref)
        except BadRequest as exc:
            await ack(text=f":no_entry: {escape(exc.message)}")
            return
        request = JobRequest(source=source, slack=SlackTarget(channel=channel, requested_by=user))
        pending = self._verdicts.open(key)
        await ack(
            text=f"Got it: checking {escape(source.ref)}. Progress and the summary will appear "
            "in this channel."
        )
        self._background(
            self._start(request, partial(self._verdicts.settle, key, pending), respond)
        )

    def _follow(self, respond: Respond, settled: asyncio.Future[Verdict]) -> None:
        """Tell the sender of a copy what became of the first command, unless it started.
        (A callback, not a task: a burst of copies would otherwise make a task each.)"""
        verdict = settled.result()
        if not verdict.started:
            self._background(_tell(respond, verdict.text))

    async def _start(
        self, request: JobRequest, settle: Callable[[Verdict], None], respond: Respond
    ) -> None:
        verdict = Verdict(started=False, text=_BROKEN, forget=True)
        try:
            async with self._lane():
                verdict = await self._claim_and_queue(request)
        except Exception:
            log.exception("slack.command_failed")
        finally:
            settle(verdict)
        if not verdict.started:
            await _tell(respond, verdict.text)

    @contextlib.asynccontextmanager
    async def _lane(self) -> AsyncIterator[None]:
        try:
            async with asyncio.timeout(_LANE_WAIT_SECONDS):
                await self._lanes.acquire()
        except TimeoutError:
            yield  # the lanes are held by slow links: no reason to wait longer
            return
        try:
            yield
        finally:
            self._lanes.release()

    async def _claim_and_queue(self, request: JobRequest) -> Verdict:
        """Claim the link, look at it, post the progress message and queue the job."""
        assert request.slack is not None  # noqa: S101
        try:
            claim = await self._deps.store.claim(
                request.job_id, seconds=_CLAIM_SECONDS, delivery=SUMMARY
            )
        except Transient as exc:
            log.warning("slack.command_unavailable", reason=exc.message)
            return Verdict(started=False, text=_UNAVAILABLE, forget=True)
        if claim.active is not None:
            # A link that already has a job passed the checks below when that job was made.
            text = self._already(claim.active, claim.delivered, request.slack.channel)
            return Verdict(started=False, text=text)
        if not claim.claimed:
            return Verdict(started=False, text=_ON_IT)
        try:
            await self._downloader.probe(request.source.ref)
            ts = await self._post_progress(request)
            slack = request.slack.model_copy(update={"progress_ts": ts})
            submitted = await self._deps.queue.submit(request.model_copy(update={"slack": slack}))
        except (BadRequest, NotFound) as exc:
            text = f":no_entry: {escape(exc.message)}"
        except ScribeError as exc:
            text = f":warning: {escape(exc.message)}. Try again in a few minutes."
        except Exception:
            log.exception("slack.command_failed")
            text = _BROKEN
        else:
            log.info("slack.command_queued", job_id=submitted.job_id, created=submitted.created)
            return Verdict(started=True, text=_ON_IT)
        await self._release(request.job_id)
        return Verdict(started=False, text=text, forget=True)

    def _already(self, status: JobStatus, summary_ts: str | None, channel: str) -> str:
        if status.state != "done":
            return f"I am already on it ({status.state}); the summary will appear in this channel."
        where = f": {permalink(channel, summary_ts)}" if summary_ts else " in this channel"
        return f"That recording was summarized {ago(time.time() - status.updated_at)}{where}"

    async def _release(self, job_id: str) -> None:
        """Let the link be tried again (after a refusal the user may send a corrected one);
        if Redis is down, the claim expires by itself."""
        try:
            await self._deps.store.release(job_id)
        except Transient as exc:
            log.warning("slack.release_failed", job_id=job_id, reason=exc.message)

    async def _post_progress(self, request: JobRequest) -> str | None:
        """Post the job's message in the channel; BadRequest when Scribe may not post there."""
        assert request.slack is not None  # noqa: S101
        slack = self._deps.slack
        if slack is None:
            return None
        channel = request.slack.channel
        await self._join(slack, channel)
        try:
            posted = await slack.chat_postMessage(
                channel=channel,
                text=status_text("queued", request.source.ref),
                unfurl_links=False,
                unfurl_media=False,
            )
        except SlackApiError as exc:
            error = exc.response.get("error")
            if error in _NOT_A_MEMBER:
                raise BadRequest(_INVITE_ME) from None
            log.warning("slack.progress_post_failed", error=error)
            return None  # the worker posts one itself
        return str(posted["ts"])

    async def _join(self, slack: AsyncWebClient, channel: str) -> None:
        """Join a public channel, once: Slack sends Scribe the questions asked in a summary's
        thread only from channels it is in. Private channels and direct messages cannot be
        joined; Scribe must be invited there."""
        if channel in self._joined:
            return
        self._joined.add(channel)  # before the call: concurrent jobs join once
        try:
            await slack.conversations_join(channel=channel)
        except SlackApiError as exc:
            error = exc.response.get("error")
            log.info("slack.join_skipped", channel=channel, error=error)
            if error not in _CANNOT_JOIN:
                self._joined.discard(channel)  # worth another try with the next job

    async def _status(self, channel: str) -> str:
        jobs = await self._deps.store.recent(channel=channel, limit=10)
        if not jobs:
            return "No recent Scribe jobs in this channel. Send `/scribe <link>` to start one."
        lines = ["*Recent Scribe jobs in this channel*"]
        for job in jobs:
            icon = _STATE_ICONS.get(job.state, "")
            age = ago(time.time() - job.created_at)
            reason = f": {escape(job.reason)}" if job.state == "failed" and job.reason else ""
            lines.append(f"{icon} {job.state}{reason} · {escape(job.source.ref)} · {age}")
        return "\n".join(lines)

    async def on_message(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        """A reply in the thread of one of our summaries becomes a question for the worker.
        Edits, deletions, bots (Scribe included) and other threads are left alone."""
        if event.get("subtype") not in (None, "thread_broadcast") or event.get("bot_id"):
            return
        thread_ts, ts, user = event.get("thread_ts"), event.get("ts"), event.get("user")
        if not thread_ts or thread_ts == ts or not user or not event.get("text"):
            return
        channel = str(event["channel"])
        job_id = await self._deps.store.job_for_message(channel, str(thread_ts))
        if job_id is None:
            return
        question = Question(
            job_id=job_id,
            channel=channel,
            thread_ts=str(thread_ts),
            message_ts=str(ts),
            user=str(user),
            text=str(event["text"]),
        )
        created = await self._deps.queue.ask(question, event_id=str(body.get("event_id", ts)))
        log.info("slack.question_queued", job_id=job_id, duplicate=not created)


async def _tell(respond: Respond, text: str) -> None:
    """A private message to whoever sent the command, through its response_url."""
    try:
        await respond(text=text, response_type="ephemeral")
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        log.warning("slack.respond_failed", reason=type(exc).__name__)


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
        client=deps.slack,
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
    # Bolt answers 404 to events nobody listens to, and Slack retries those: ack them all.
    app.event(re.compile(".*"))(_ignore)
    return app
