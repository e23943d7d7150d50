"""Results and progress in Slack through slack_sdk's AsyncWebClient.

One message per job: it shows progress while the job runs and becomes the summary (or the
reason it failed). Continuations of a long summary and the full transcript go in its thread.
Every post is recorded in the delivery ledger, so a re-run job edits instead of re-posting.
"""

from __future__ import annotations

from typing import Any

import structlog
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from core.domain import JobRequest, JobStatus, MeetingResult
from core.errors import ScribeError, StageFailed, Transient
from core.jobs import FAILURE_NOTICE
from core.ports import DeliveryLedger, MeetingArchive
from core.timefmt import clock, transcript_lines
from integrations.slack.blocks import (
    fallback_text,
    paginate,
    status_text,
    summary_blocks,
)

log = structlog.get_logger(__name__)

PROGRESS = "slack-progress"
SUMMARY = "slack-summary"
_PERMANENT_ERRORS = {
    "channel_not_found",
    "not_in_channel",
    "is_archived",
    "invalid_auth",
    "account_inactive",
    "token_revoked",
    "missing_scope",
    "restricted_action",
    "msg_too_long",
    "invalid_blocks",
}
_SHOWN_STATES = {"fetching", "transcribing", "summarizing"}


def translate_slack_error(exc: SlackApiError, method: str) -> ScribeError:
    error = str(exc.response.get("error", "unknown_error"))
    if error in _PERMANENT_ERRORS:
        return StageFailed(f"Slack refused {method}: {error}", stage="deliver")
    retry_after = exc.response.headers.get("Retry-After") if exc.response.headers else None
    return Transient(
        f"Slack {method} failed: {error}",
        retry_after_s=float(retry_after) if retry_after else None,
    )


class SlackNotifier:
    def __init__(self, client: AsyncWebClient, archive: MeetingArchive) -> None:
        self._client = client
        self._archive = archive

    def wants(self, request: JobRequest) -> bool:
        return request.slack is not None

    async def _call(self, method: str, **params: Any) -> dict[str, Any]:
        """Call a Web API method by its typed client method (which drops None values and
        serialises blocks), translating Slack's errors into Scribe's."""
        call = getattr(self._client, method.replace(".", "_"))
        try:
            response = await call(**params)
        except SlackApiError as exc:
            raise translate_slack_error(exc, method) from exc
        return dict(response.data) if isinstance(response.data, dict) else {}

    async def _message_ts(
        self, request: JobRequest, job_id: str, ledger: DeliveryLedger
    ) -> str | None:
        assert request.slack is not None  # noqa: S101 - wants() checked it
        return request.slack.progress_ts or await ledger.delivered(job_id, PROGRESS)

    async def _show(
        self,
        request: JobRequest,
        job_id: str,
        ledger: DeliveryLedger,
        *,
        text: str,
        blocks: list[dict[str, Any]] | None = None,
    ) -> str:
        """Edit the job's message, or post it the first time."""
        assert request.slack is not None  # noqa: S101
        channel = request.slack.channel
        ts = await self._message_ts(request, job_id, ledger)
        content: dict[str, Any] = {"text": text, "blocks": blocks or []}
        if ts:
            await self._call("chat.update", channel=channel, ts=ts, **content)
            return ts
        posted = await self._call(
            "chat.postMessage",
            channel=channel,
            thread_ts=request.slack.thread_ts,
            unfurl_links=False,
            unfurl_media=False,
            **content,
        )
        ts = str(posted["ts"])
        await ledger.record(job_id, PROGRESS, ts)
        return ts

    async def progress(
        self, request: JobRequest, status: JobStatus, ledger: DeliveryLedger
    ) -> None:
        if status.state not in _SHOWN_STATES:
            return
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
        self, request: JobRequest, job_id: str, result: MeetingResult, ledger: DeliveryLedger
    ) -> None:
        assert request.slack is not None  # noqa: S101
        channel = request.slack.channel
        pages = paginate(summary_blocks(result, footer="Reply in this thread to ask about it"))
        ts = await self._show(
            request, job_id, ledger, text=fallback_text(result.summary), blocks=pages[0]
        )
        await self._archive.link_message(channel, ts, job_id)
        await ledger.record(job_id, SUMMARY, ts)
        for number, page in enumerate(pages[1:], start=1):
            key = f"slack-summary-part-{number}"
            if not await ledger.delivered(job_id, key):
                posted = await self._call(
                    "chat.postMessage",
                    channel=channel,
                    thread_ts=ts,
                    text="Summary, continued",
                    blocks=page,
                )
                await ledger.record(job_id, key, str(posted["ts"]))
        if not await ledger.delivered(job_id, "slack-transcript"):
            await self._upload_transcript(channel, ts, result)
            await ledger.record(job_id, "slack-transcript")
        log.info("slack.delivered", channel=channel, pages=len(pages))

    async def _upload_transcript(self, channel: str, ts: str, result: MeetingResult) -> None:
        lines = transcript_lines(result.transcript) or ["(no speech detected)"]
        try:
            await self._client.files_upload_v2(
                channel=channel,
                thread_ts=ts,
                content="\n".join(lines) + "\n",
                filename="transcript.txt",
                title=f"Transcript: {result.summary.title}",
            )
        except SlackApiError as exc:
            raise translate_slack_error(exc, "files.upload") from exc

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
