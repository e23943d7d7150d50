"""Results and progress in Slack through slack_sdk's AsyncWebClient.

One message per job: it shows progress while the job runs and becomes the summary (or the
reason it failed). Continuations of a long summary and the full transcript go in its thread.
Every post is recorded in the delivery ledger, so a re-run job edits instead of re-posting; a
post or upload whose reply was lost is looked for in Slack first (integrations/slack/once.py).
A summary Slack finds too long is split into smaller messages and sent again.
"""

from __future__ import annotations

import hashlib

import structlog

from core.domain import JobRequest, JobStatus, MeetingResult
from core.errors import ScribeError
from core.jobs import FAILURE_NOTICE
from core.ports import Delivered, DeliveryLedger, MeetingArchive
from core.timefmt import clock, transcript_lines
from integrations.slack.blocks import (
    MESSAGE_CHARS,
    Block,
    escape,
    fallback_text,
    paginate,
    permalink,
    status_text,
    summary_blocks,
)
from integrations.slack.channel import SlackChannels
from integrations.slack.errors import TOO_LONG, SlackRefused
from integrations.slack.once import post_once, upload_once
from integrations.slack.people import slack_owners

log = structlog.get_logger(__name__)

_SHOWN_STATES = {"fetching", "transcribing", "summarizing"}
# A summary Slack refuses as too long is paginated again with half as many characters per
# message, down to this; a single block is never split.
_MIN_PAGE_CHARS = 1_000


class SlackKeys:
    """The delivery-ledger keys the Slack notifier writes, one per thing it posts."""

    PROGRESS = "slack-progress"  # the job's message, while it shows progress
    SUMMARY = "slack-summary"  # the same message once it is the summary
    TRANSCRIPT = "slack-transcript"  # the transcript file's id
    PAGE_CHARS = "slack-page-chars"  # characters per summary message, once Slack refused more

    @staticmethod
    def summary_part(number: int) -> str:
        return f"slack-summary-part-{number}"

    @staticmethod
    def remark(text: str) -> str:
        return "slack-remark-" + hashlib.sha256(text.encode()).hexdigest()[:16]


class SlackNotifier:
    def __init__(self, channels: SlackChannels, archive: MeetingArchive) -> None:
        self._channels = channels
        self._archive = archive

    def wants(self, request: JobRequest) -> bool:
        return request.slack is not None

    async def _show(
        self,
        request: JobRequest,
        job_id: str,
        ledger: DeliveryLedger,
        *,
        text: str,
        blocks: list[Block] | None = None,
    ) -> str:
        """Edit the job's message, or post it the first time."""
        assert request.slack is not None  # noqa: S101 - wants() checked it
        channel = request.slack.channel
        ts = request.slack.progress_ts or await ledger.delivered(job_id, SlackKeys.PROGRESS)
        if ts:
            return await self._channels.show(channel, ts=ts, text=text, blocks=blocks)
        return await post_once(
            self._channels,
            ledger,
            job_id,
            SlackKeys.PROGRESS,
            channel=channel,
            text=text,
            blocks=blocks,
            thread_ts=request.slack.thread_ts,
        )

    async def progress(
        self, request: JobRequest, status: JobStatus, ledger: DeliveryLedger
    ) -> None:
        if status.state not in _SHOWN_STATES or request.review_by:
            return  # a draft under review shows nothing in the channel before it is approved
        detail = ""
        if status.position_s is not None and status.total_s:
            detail = f"{clock(status.position_s)} of {clock(status.total_s)} transcribed"
        text = status_text(status.state, request.source.title or request.source.ref, detail)
        try:
            await self._show(request, status.job_id, ledger, text=text)
        except ScribeError as exc:
            # Progress is a courtesy: never fail a job because an update did not land.
            log.warning("slack.progress_failed", reason=exc.message)

    async def deliver(
        self,
        request: JobRequest,
        job_id: str,
        result: MeetingResult,
        ledger: DeliveryLedger,
        *,
        link: str | None = None,
    ) -> Delivered:
        del link  # Slack is where the others point
        assert request.slack is not None  # noqa: S101
        channel = request.slack.channel
        owners = await slack_owners(self._channels, result.attendees)
        blocks = summary_blocks(
            result, owners=owners, footer="Reply in this thread to ask about it"
        )
        chars = int(await ledger.delivered(job_id, SlackKeys.PAGE_CHARS) or MESSAGE_CHARS)
        reshaped = False
        while True:
            pages = paginate(blocks, chars=chars)
            try:
                ts = await self._post_summary(request, job_id, result, pages, ledger, reshaped)
                break
            except SlackRefused as exc:
                if exc.error not in TOO_LONG or chars <= _MIN_PAGE_CHARS:
                    raise
            chars = max(chars // 2, _MIN_PAGE_CHARS)
            reshaped = True
            await ledger.record(job_id, SlackKeys.PAGE_CHARS, str(chars))
            log.warning("slack.summary_too_long", chars_per_message=chars)
        lines = transcript_lines(result.transcript) or ["(no speech detected)"]
        await upload_once(
            self._channels,
            ledger,
            job_id,
            SlackKeys.TRANSCRIPT,
            channel=channel,
            thread_ts=ts,
            content="\n".join(lines) + "\n",
            filename="transcript.txt",
            title=f"Transcript: {result.summary.title}",
        )
        log.info("slack.delivered", channel=channel, pages=len(pages))
        return Delivered(link=permalink(channel, ts))

    async def _post_summary(
        self,
        request: JobRequest,
        job_id: str,
        result: MeetingResult,
        pages: list[list[Block]],
        ledger: DeliveryLedger,
        reshaped: bool,
    ) -> str:
        """The job's message becomes the first page; the others continue in its thread. After
        Slack refused a page as too long (`reshaped`), pages already posted are edited to their
        new, shorter content."""
        assert request.slack is not None  # noqa: S101
        channel = request.slack.channel
        text = fallback_text(result.summary)
        ts = await self._show(request, job_id, ledger, text=text, blocks=pages[0])
        await self._archive.link_message(channel, ts, job_id)
        await ledger.record(job_id, SlackKeys.SUMMARY, ts)
        for number, page in enumerate(pages[1:], start=1):
            key = SlackKeys.summary_part(number)
            posted = await ledger.delivered(job_id, key)
            if posted and reshaped:
                await self._channels.show(
                    channel, ts=posted, text="Summary, continued", blocks=page
                )
            elif not posted:
                await post_once(
                    self._channels,
                    ledger,
                    job_id,
                    key,
                    channel=channel,
                    thread_ts=ts,
                    text="Summary, continued",
                    blocks=page,
                )
        return ts

    async def remark(
        self, request: JobRequest, job_id: str, text: str, ledger: DeliveryLedger
    ) -> None:
        assert request.slack is not None  # noqa: S101
        key = SlackKeys.remark(text)
        thread = await ledger.delivered(job_id, SlackKeys.SUMMARY)
        if thread is None:
            return
        await post_once(
            self._channels,
            ledger,
            job_id,
            key,
            channel=request.slack.channel,
            thread_ts=thread,
            text=escape(text),
        )

    async def failed(
        self, request: JobRequest, job_id: str, reason: str, ledger: DeliveryLedger
    ) -> None:
        if await ledger.delivered(job_id, FAILURE_NOTICE):
            return
        text = status_text("failed", request.source.title or request.source.ref, reason)
        try:
            await self._show(request, job_id, ledger, text=text)
        except ScribeError as exc:
            log.warning("slack.failure_notice_failed", reason=exc.message)
            return
        await ledger.record(job_id, FAILURE_NOTICE)
