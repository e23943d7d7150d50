"""Every port Scribe's logic needs, and the dependency bundle each command is given.

Adapters in `integrations/` implement the ports; tests may too. Which command uses which bundle:

    scribe process          PipelineDeps
    scribe worker           RecordingJobDeps (recordings queue), QuestionJobDeps (questions queue)
    scribe serve            ReceiverDeps (integrations/wiring/receiver.py: it holds Slack's client)
    the worker process      WorkerDeps (worker/context.py: what start-up built, for its tasks)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from core.domain import (
    Attendee,
    JobRequest,
    JobState,
    JobStatus,
    MeetingResult,
    Passage,
    Question,
    Source,
    SourceKind,
    Summary,
    Transcript,
    Turn,
)

TRANSCRIPT_SUFFIXES = frozenset({".vtt", ".srt", ".txt"})


@dataclass(frozen=True, slots=True)
class Track:
    """One participant's own audio track, starting `offset_s` into the meeting."""

    path: Path
    speaker: str
    offset_s: float = 0.0


@dataclass(frozen=True, slots=True)
class Fetched:
    """A source resolved to a local file: media to transcribe, or a ready transcript; with
    per-participant tracks, those are transcribed instead of `path` (the mixed recording)."""

    path: Path
    title: str
    tracks: tuple[Track, ...] = ()

    @property
    def is_transcript(self) -> bool:
        return self.path.suffix.lower() in TRANSCRIPT_SUFFIXES


class ProgressReporter(Protocol):
    """Where a job reports how far it got. `advance` is called from worker threads."""

    async def stage(self, state: JobState) -> None: ...

    def advance(self, done_seconds: float, total_seconds: float) -> None: ...


class SilentReporter:
    """A ProgressReporter for callers that show no progress (tests, benchmarks)."""

    async def stage(self, state: JobState) -> None:
        return None

    def advance(self, done_seconds: float, total_seconds: float) -> None:
        return None


class Fetcher(Protocol):
    async def fetch(self, source: Source, workdir: Path) -> Fetched: ...


class MediaInspector(Protocol):
    def inspect(self, path: Path) -> float:
        """Return the duration in seconds, or raise BadRequest if the file is not usable media."""
        ...


class Transcriber(Protocol):
    async def transcribe(
        self, media: Path, *, language: str | None, progress: ProgressReporter
    ) -> Transcript: ...


class TrackTranscriber(Protocol):
    async def transcribe_tracks(
        self,
        tracks: Sequence[Track],
        workdir: Path,
        *,
        language: str | None,
        progress: ProgressReporter,
    ) -> Transcript:
        """One transcript from per-participant tracks, each segment named after its track."""
        ...


class Summarizer(Protocol):
    async def summarize(
        self, transcript: Transcript, *, title: str, last_try: bool = True
    ) -> Summary:
        """`last_try` False: a temporary failure may be raised, for the job to try again later
        (the transcript is kept); True: answer with what can be had now."""
        ...


class TranscriptCheckpoint(Protocol):
    """Keeps a finished transcript so a retried job does not transcribe again."""

    async def load(self) -> tuple[Transcript, str] | None: ...

    async def save(self, transcript: Transcript, title: str) -> None: ...


class JobStates(Protocol):
    """The state of every job, with its history (CONTRACT: queued ... done or failed)."""

    async def create(self, request: JobRequest) -> JobStatus: ...

    async def set_state(
        self, job_id: str, state: JobState, *, reason: str | None = None
    ) -> JobStatus | None: ...

    async def get(self, job_id: str) -> JobStatus | None: ...

    async def recent(self, *, channel: str | None = None, limit: int = 10) -> list[JobStatus]: ...


class MeetingArchive(Protocol):
    """Results, transcript checkpoints and the Slack messages that show them."""

    def checkpoint(self, job_id: str) -> TranscriptCheckpoint: ...

    async def save_result(self, job_id: str, result: MeetingResult) -> None: ...

    async def load_result(self, job_id: str) -> MeetingResult | None: ...

    async def link_message(self, channel: str, ts: str, job_id: str) -> None: ...

    async def job_for_message(self, channel: str, ts: str) -> str | None: ...


class SourceDetails(Protocol):
    """What entry points learned about a job's source that the worker needs to fetch it (each
    Zoom event's files and download token), kept as the source's own JSON texts. They are
    written with the job itself (JobQueue.submit_with_details)."""

    async def load_details(self, job_id: str) -> list[str]:
        """Every text kept for the job, oldest first; none when nothing was kept."""
        ...


class Review(Protocol):
    """The host's approval of a draft before it is posted and mailed (SCRIBE_REVIEW_MODE=host)."""

    async def ask(
        self, request: JobRequest, job_id: str, result: MeetingResult, ledger: DeliveryLedger
    ) -> bool:
        """Send the draft to the host (once); False when the host cannot be reached."""
        ...


class AttendeeLookup(Protocol):
    """Who was in a meeting, from the system it was held on."""

    async def attendees(self, request: JobRequest) -> list[Attendee]: ...


class DeliveryLedger(Protocol):
    """What was already delivered for a job, so a re-run never posts or mails twice."""

    async def delivered(self, job_id: str, key: str) -> str | None: ...

    async def record(self, job_id: str, key: str, value: str = "1") -> None: ...


class JobMetrics(Protocol):
    async def stage_finished(self, stage: JobState, seconds: float) -> None: ...

    async def transcribed(self, audio_seconds: float, seconds: float) -> None: ...

    async def failed(self, category: str) -> None: ...


@dataclass(frozen=True, slots=True)
class Delivered:
    """What a notifier's delivery left for the others to use."""

    link: str | None = None  # where people discuss it (the summary's Slack thread)
    undelivered: tuple[str, ...] = ()  # recipients who refused it


class Notifier(Protocol):
    """A place results go (a Slack channel, mailboxes). Each one decides from the request
    whether it has anything to do, and records its deliveries in the ledger."""

    def wants(self, request: JobRequest) -> bool: ...

    async def progress(
        self, request: JobRequest, status: JobStatus, ledger: DeliveryLedger
    ) -> None: ...

    async def deliver(
        self,
        request: JobRequest,
        job_id: str,
        result: MeetingResult,
        ledger: DeliveryLedger,
        *,
        link: str | None = None,
    ) -> Delivered:
        """Deliver the result; `link` is where an earlier notifier put it (to point at)."""
        ...

    async def remark(
        self, request: JobRequest, job_id: str, text: str, ledger: DeliveryLedger
    ) -> None:
        """Tell the people who asked something about the delivery (once per text)."""
        ...

    async def failed(
        self, request: JobRequest, job_id: str, reason: str, ledger: DeliveryLedger
    ) -> None: ...


@dataclass(frozen=True, slots=True)
class PipelineDeps:
    """`scribe process`, and each recording job: fetch, inspect, transcribe, summarize."""

    fetchers: Mapping[SourceKind, Fetcher]
    inspector: MediaInspector
    transcriber: Transcriber
    summarizer: Summarizer
    workdir: Callable[[], AbstractAsyncContextManager[Path]]
    tracks: TrackTranscriber | None = None


@dataclass(frozen=True, slots=True)
class Submitted:
    job_id: str
    created: bool
    status: JobStatus


class JobQueue(Protocol):
    """Where entry points hand work to the workers. Job ids come from the source, so a
    redelivered event or a resent link is one job."""

    async def submit(self, request: JobRequest) -> Submitted: ...

    async def submit_with_details(self, request: JobRequest, details: str) -> Submitted:
        """submit(), keeping `details` with the job's SourceDetails, in one step."""
        ...

    async def ask(self, question: Question, *, event_id: str) -> bool:
        """Queue a thread question; False when that event was already queued."""
        ...

    async def depth(self) -> dict[str, int]:
        """Jobs waiting, per queue."""
        ...

    async def resume(self, request: JobRequest) -> bool:
        """Queue a job again whatever its state (a reviewed draft to deliver); False when it
        is already queued or running."""
        ...


class PassageRanker(Protocol):
    async def rank(
        self, job_id: str, passages: Sequence[Passage], query: str, *, top: int
    ) -> list[Passage]: ...


class Answerer(Protocol):
    async def answer(
        self, question: str, passages: Sequence[Passage], history: Sequence[Turn], summary: Summary
    ) -> str: ...


class Thread(Protocol):
    async def history(self, channel: str, thread_ts: str, *, before: str) -> list[Turn]: ...

    async def reply(
        self, channel: str, thread_ts: str, text: str, *, job_id: str, key: str, resuming: bool
    ) -> str:
        """Post an answer; returns its ts. `resuming`: an earlier try may have posted it (its
        outcome was never recorded), so look for the answer marked (job_id, key) first."""


@dataclass(frozen=True, slots=True)
class RecordingJobDeps:
    """`scribe worker`, recordings queue: a queued job run through the pipeline and delivered."""

    pipeline: PipelineDeps
    states: JobStates
    archive: MeetingArchive
    ledger: DeliveryLedger
    metrics: JobMetrics
    notifiers: Sequence[Notifier]
    attendees: Mapping[SourceKind, AttendeeLookup] = field(default_factory=dict)
    review: Review | None = None
    # How often the requester sees how far a long transcription got.
    progress_interval_s: float = 30.0


@dataclass(frozen=True, slots=True)
class QuestionJobDeps:
    """`scribe worker`, questions queue: answering a reply in a summary's thread."""

    archive: MeetingArchive
    ledger: DeliveryLedger
    ranker: PassageRanker
    answerer: Answerer | None
    thread: Thread
    retention_days: int
