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
from collections.abc import AsyncIterator, Awaitable, Callable
from functools import partial
from typing import Any

import aiohttp
import structlog
from pydantic import ValidationError
from redis.exceptions import RedisError

from bot.slack import replies
from bot.slack.commands import Help, Status, Summarize, parse_command
from bot.slack.deadline import redis_deadline
from bot.slack.inbound import Malformed
from bot.slack.questions import ThreadQuestions
from bot.slack.verdicts import RecentVerdicts, Verdict
from core.domain import JobRequest, SlackTarget
from core.errors import BadRequest, NotFound, ScribeError, Transient
from core.jobs import REVIEW_APPROVED
from core.links import DRIVE_NEEDS_ACCOUNT, ZOOM_NEEDS_APP, classify_link
from integrations.download.downloader import SafeDownloader
from integrations.slack.blocks import status_text
from integrations.slack.channel import Tag
from integrations.slack.errors import NOT_A_MEMBER, SlackRefused
from integrations.slack.notifier import SlackKeys
from integrations.slack.once import pending
from integrations.slack.review import APPROVE
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


class ScribeSlack:
    """Listeners for the Bolt app; background work is tracked so shutdown can finish it."""

    def __init__(self, deps: ReceiverDeps, downloader: SafeDownloader) -> None:
        self._deps = deps
        self._downloader = downloader
        self._tasks: set[asyncio.Task[None]] = set()
        self._verdicts = RecentVerdicts()
        self._lanes = asyncio.Semaphore(_LANES)
        self._questions = ThreadQuestions(deps)

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
        channel, user = command.get("channel_id"), command.get("user_id")
        if not (isinstance(channel, str) and channel and isinstance(user, str) and user):
            raise Malformed("a slash command without channel_id or user_id")
        intent = parse_command(str(command.get("text", "")))
        try:
            if isinstance(intent, Help):
                await ack(text=replies.help_text(intent.note))
            elif isinstance(intent, Status):
                await ack(text=await self._status(channel))
            else:
                await self._summarize(intent, ack, respond, channel, user)
        except Transient as exc:
            log.warning("slack.command_unavailable", reason=exc.message)
            await ack(text=replies.UNAVAILABLE)

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
            await ack(text=replies.CHECKING)
            known.add_done_callback(partial(self._follow, respond))

    async def _first(
        self, key: str, link: str, ack: Ack, respond: Respond, channel: str, user: str
    ) -> None:
        try:
            source = classify_link(link)
            if source.kind == "zoom" and not self._deps.settings.zoom_api_enabled:
                raise BadRequest(ZOOM_NEEDS_APP)
            if source.kind == "drive" and not self._deps.settings.google_application_credentials:
                raise BadRequest(DRIVE_NEEDS_ACCOUNT)
            if source.kind == "url":
                self._downloader.screen(source.ref)
        except BadRequest as exc:
            await ack(text=replies.refused(exc.message))
            return
        request = JobRequest(source=source, slack=SlackTarget(channel=channel, requested_by=user))
        pending = self._verdicts.open(key)
        await ack(text=replies.got_it(source.ref))
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
        verdict = Verdict(started=False, text=replies.BROKEN, forget=True)
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
                request.job_id, seconds=_CLAIM_SECONDS, delivery=SlackKeys.SUMMARY
            )
        except Transient as exc:
            log.warning("slack.command_unavailable", reason=exc.message)
            return Verdict(started=False, text=replies.UNAVAILABLE, forget=True)
        if claim.active is not None:
            # A link that already has a job passed the checks below when that job was made.
            text = replies.already(claim.active, claim.delivered, request.slack.channel)
            return Verdict(started=False, text=text)
        if not claim.claimed:
            return Verdict(started=False, text=replies.ON_IT)
        try:
            if request.source.kind == "url":  # Zoom's links are the worker's to look up
                await self._downloader.probe(request.source.ref)
            ts = await self._post_progress(request)
            slack = request.slack.model_copy(update={"progress_ts": ts})
            submitted = await self._deps.queue.submit(request.model_copy(update={"slack": slack}))
        except (BadRequest, NotFound) as exc:
            text = replies.refused(exc.message)
        except ScribeError as exc:
            text = replies.try_later(exc.message)
        except (RedisError, OSError) as exc:  # the queue's own calls to Redis
            log.warning("slack.command_unavailable", reason=type(exc).__name__)
            text = replies.UNAVAILABLE
        except Exception:
            log.exception("slack.command_failed")
            text = replies.BROKEN
        else:
            log.info("slack.command_queued", job_id=submitted.job_id, created=submitted.created)
            return Verdict(started=True, text=replies.ON_IT)
        await self._release(request.job_id)
        return Verdict(started=False, text=text, forget=True)

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
        channels = self._deps.slack
        if channels is None:
            return None
        channel = request.slack.channel
        await channels.join(channel)
        try:
            # Tagged, and its intent in the ledger: if Slack posts it but the reply is lost,
            # the worker finds this message by its tag instead of leaving it orphaned.
            await self._deps.store.record(request.job_id, pending(SlackKeys.PROGRESS))
            return await channels.show(
                channel,
                ts=None,
                text=status_text("queued", request.source.ref),
                tag=Tag(request.job_id, SlackKeys.PROGRESS),
            )
        except SlackRefused as exc:
            if exc.error in NOT_A_MEMBER:
                raise BadRequest(replies.INVITE_ME) from None
            log.warning("slack.progress_post_failed", error=exc.error)
        except Transient as exc:
            log.warning("slack.progress_post_failed", error=exc.message)
        return None  # the worker posts one itself

    async def _status(self, channel: str) -> str:
        async with redis_deadline():
            jobs = await self._deps.store.recent(channel=channel, limit=10)
        return replies.status_list(jobs)

    async def on_review(self, ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        """The host pressed Approve or Discard on a draft (SCRIBE_REVIEW_MODE=host)."""
        try:
            request = JobRequest.model_validate_json(str(action.get("value", "")))
        except ValidationError:
            raise Malformed("a review button whose value is not a job") from None
        user = body.get("user")
        user_id = user.get("id") if isinstance(user, dict) else None
        if not isinstance(user_id, str) or not user_id:
            raise Malformed("a button press without user.id")
        await ack()
        self._background(self._review(body, action, request, user_id))

    async def _review(
        self, body: dict[str, Any], action: dict[str, Any], request: JobRequest, user_id: str
    ) -> None:
        job_id, store = request.job_id, self._deps.store
        try:
            status = await store.get(job_id)
            if status is None or status.state != "review":
                text = replies.REVIEW_HANDLED
            elif action.get("action_id") == APPROVE:
                await store.record(job_id, REVIEW_APPROVED, f"approved by {user_id}")
                await self._deps.queue.resume(request)
                text = replies.approved(request.slack.channel if request.slack else None)
            else:
                await store.forget(job_id)
                await store.set_state(job_id, "done", reason="discarded by the host")
                text = replies.DISCARDED
        except Transient as exc:
            log.warning("slack.review_unavailable", reason=exc.message)
            text = replies.UNAVAILABLE
        log.info("slack.reviewed", job_id=job_id, action=action.get("action_id"))
        message = body.get("container")
        if not isinstance(message, dict):
            return
        if self._deps.slack is not None and message.get("message_ts"):
            try:
                await self._deps.slack.show(
                    str(message.get("channel_id")), ts=str(message["message_ts"]), text=text
                )
            except ScribeError as exc:
                log.warning("slack.review_update_failed", reason=exc.message)

    async def on_message(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        """A reply in the thread of one of our summaries becomes a question for the worker."""
        await self._questions.take(event, body)


async def _tell(respond: Respond, text: str) -> None:
    """A private message to whoever sent the command, through its response_url."""
    try:
        await respond(text=text, response_type="ephemeral")
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        log.warning("slack.respond_failed", reason=type(exc).__name__)
