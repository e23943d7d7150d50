"""A queued job from start to finish: the pipeline, then delivery, with its state recorded at
every step and exactly one message to the requester when it finally fails."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from contextlib import suppress

import structlog

from core.domain import JobRequest, JobState, JobStatus, MeetingResult
from core.errors import BadRequest, NotFound, ScribeError, StageFailed, Transient
from core.log import bind_context
from core.pipeline import run_pipeline
from core.ports import DeliveryLedger, Notifier, RecordingJobDeps

log = structlog.get_logger(__name__)

FAILURE_NOTICE = "failure-notice"
_INTERNAL = "an internal error stopped this job; the operator's logs have the details"


class _Tracker:
    """A ProgressReporter that records each stage, times it and shows it to the requester, with the
    position in the recording every `progress_interval_s` while transcribing."""

    def __init__(self, request: JobRequest, job_id: str, deps: RecordingJobDeps) -> None:
        self._request = request
        self._job_id = job_id
        self._deps = deps
        self._stage: JobState | None = None
        self._since = time.monotonic()
        self._status: JobStatus | None = None
        self._ticker: asyncio.Task[None] | None = None
        self.audio_seconds = 0.0
        self.total_seconds = 0.0

    async def close(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
            with suppress(asyncio.CancelledError):
                await self._ticker
            self._ticker = None

    async def _tick(self) -> None:
        shown = 0.0
        while True:
            await asyncio.sleep(self._deps.progress_interval_s)
            if self._status is not None and self.total_seconds and self.audio_seconds > shown:
                shown = self.audio_seconds
                status = self._status.model_copy(
                    update={"position_s": self.audio_seconds, "total_s": self.total_seconds}
                )
                await self._show(status)

    async def _show(self, status: JobStatus) -> None:
        for notifier in _interested(self._deps.notifiers, self._request):
            await notifier.progress(self._request, status, self._deps.ledger)

    async def stage(self, state: JobState) -> None:
        await self.close()
        now = time.monotonic()
        if self._stage is not None:
            await self._deps.metrics.stage_finished(self._stage, now - self._since)
            if self._stage == "transcribing" and self.audio_seconds:
                await self._deps.metrics.transcribed(self.audio_seconds, now - self._since)
        self._stage, self._since = state, now
        self._status = await self._deps.states.set_state(self._job_id, state)
        if self._status is not None:
            await self._show(self._status)
        if state == "transcribing":
            self._ticker = asyncio.create_task(self._tick())

    def advance(self, done_seconds: float, total_seconds: float) -> None:
        # Called from the transcription thread: plain assignments, read by the ticker.
        self.audio_seconds = max(self.audio_seconds, done_seconds)
        self.total_seconds = total_seconds


def _interested(notifiers: Sequence[Notifier], request: JobRequest) -> list[Notifier]:
    return [n for n in notifiers if n.wants(request)]


async def deliver_everywhere(
    request: JobRequest,
    job_id: str,
    result: MeetingResult,
    notifiers: Sequence[Notifier],
    ledger: DeliveryLedger,
) -> None:
    """Each interested notifier in turn (Slack first: the email points at its thread); then
    the people who asked hear which recipients refused the mail."""
    link: str | None = None
    undelivered: list[str] = []
    interested = _interested(notifiers, request)
    for notifier in interested:
        delivered = await notifier.deliver(request, job_id, result, ledger, link=link)
        link = link or delivered.link
        undelivered += delivered.undelivered
    if undelivered:
        text = "The summary could not be emailed to " + ", ".join(sorted(set(undelivered)))
        for notifier in interested:
            await notifier.remark(request, job_id, text, ledger)


async def run_job(
    request: JobRequest, deps: RecordingJobDeps, *, job_id: str, last_try: bool
) -> MeetingResult | None:
    """Process and deliver one job. Returns the result, or None when the job failed for good.

    Raises Transient when another try may succeed and this was not the last try; the queue
    decides when that try happens.
    """
    with bind_context(job_id=job_id, source=request.source.kind):
        tracker = _Tracker(request, job_id, deps)
        try:
            return await _run(request, deps, tracker, job_id=job_id, last_try=last_try)
        finally:
            await tracker.close()


async def _run(
    request: JobRequest, deps: RecordingJobDeps, tracker: _Tracker, *, job_id: str, last_try: bool
) -> MeetingResult | None:
    try:
        result = await deps.archive.load_result(job_id)
        if result is None:
            checkpoint = deps.archive.checkpoint(job_id)
            result = await run_pipeline(
                request, deps.pipeline, tracker, checkpoint=checkpoint, last_try=last_try
            )
            result = await _with_attendees(request, result, deps)
            await deps.archive.save_result(job_id, result)
        request = _mailing_attendees(request, result)
        if await _held_for_review(request, job_id, result, deps):
            await tracker.stage("review")
            log.info("job.held_for_review")
            return result
        await tracker.stage("delivering")
        await deliver_everywhere(request, job_id, result, deps.notifiers, deps.ledger)
        if await deps.ledger.delivered(job_id, REVIEW_APPROVED) == _UNREVIEWED:
            for notifier in _interested(deps.notifiers, request):
                await notifier.remark(request, job_id, _UNREVIEWED_NOTE, deps.ledger)
        await tracker.stage("done")
        log.info("job.done", title=result.summary.title)
        return result
    except Transient as exc:
        if not last_try:
            log.warning("job.will_retry", reason=exc.message)
            await deps.states.set_state(job_id, "queued", reason=f"retrying: {exc.message}")
            raise
        await fail_job(request, deps, job_id=job_id, reason=exc.message, category="gave_up")
    except ScribeError as exc:
        await fail_job(request, deps, job_id=job_id, reason=exc.message, category=_category(exc))
    except Exception:
        log.exception("job.crashed")
        await fail_job(request, deps, job_id=job_id, reason=_INTERNAL, category="internal")
    return None


async def _with_attendees(
    request: JobRequest, result: MeetingResult, deps: RecordingJobDeps
) -> MeetingResult:
    lookup = deps.attendees.get(request.source.kind)
    if lookup is None:
        return result
    attendees = await lookup.attendees(request)
    log.info("job.attendees_found", count=len(attendees))
    return result.model_copy(update={"attendees": tuple(attendees)})


REVIEW_APPROVED = "review-approved"  # delivery-ledger key: who approved the draft
_UNREVIEWED = "host not found"
_UNREVIEWED_NOTE = (
    "The meeting's host could not be found in Slack to review this summary, so it was shared "
    "without review."
)


async def _held_for_review(
    request: JobRequest, job_id: str, result: MeetingResult, deps: RecordingJobDeps
) -> bool:
    """True while the host has not approved the draft. A host who cannot be asked gets no
    say: the summary goes out, and the thread says why it was not reviewed."""
    if request.review_by is None or deps.review is None:
        return False
    if await deps.ledger.delivered(job_id, REVIEW_APPROVED):
        return False
    if await deps.review.ask(request, job_id, result, deps.ledger):
        return True
    log.warning("job.review_skipped", reason="host not found in Slack")
    await deps.ledger.record(job_id, REVIEW_APPROVED, _UNREVIEWED)
    return False


def _mailing_attendees(request: JobRequest, result: MeetingResult) -> JobRequest:
    """Attendees get the summary by email too (the mail notifier keeps to the allowed
    domains); each address once."""
    emails = [*request.emails, *(a.email for a in result.attendees if a.email)]
    unique = tuple(dict.fromkeys(e.strip().lower() for e in emails if e.strip()))
    return request if unique == request.emails else request.model_copy(update={"emails": unique})


def _category(exc: ScribeError) -> str:
    if isinstance(exc, BadRequest):
        return "bad_input"
    if isinstance(exc, NotFound):
        return "not_found"
    if isinstance(exc, StageFailed):
        return f"{exc.stage}_failed"
    return "config"


async def fail_job(
    request: JobRequest, deps: RecordingJobDeps, *, job_id: str, reason: str, category: str
) -> None:
    """Record the failure and tell the requester why, once, however often this runs."""
    log.warning("job.failed", reason=reason, category=category)
    await deps.states.set_state(job_id, "failed", reason=reason)
    await deps.metrics.failed(category)
    for notifier in _interested(deps.notifiers, request):
        await notifier.failed(request, job_id, reason, deps.ledger)
