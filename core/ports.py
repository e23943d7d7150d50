"""The ports the pipeline needs. Adapters in `integrations/` implement them; tests may too."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from core.domain import (
    JobRequest,
    JobState,
    JobStatus,
    MeetingResult,
    Source,
    SourceKind,
    Summary,
    Transcript,
)

TRANSCRIPT_SUFFIXES = frozenset({".vtt", ".srt", ".txt"})


@dataclass(frozen=True, slots=True)
class Fetched:
    """A source resolved to a local file: media to transcribe, or a ready transcript."""

    path: Path
    title: str

    @property
    def is_transcript(self) -> bool:
        return self.path.suffix.lower() in TRANSCRIPT_SUFFIXES


class Progress(Protocol):
    """Where a job reports how far it got. `advance` is called from worker threads."""

    async def stage(self, state: JobState) -> None: ...

    def advance(self, done_seconds: float, total_seconds: float) -> None: ...


class Fetcher(Protocol):
    async def fetch(self, source: Source, workdir: Path) -> Fetched: ...


class MediaInspector(Protocol):
    def inspect(self, path: Path) -> float:
        """Return the duration in seconds, or raise BadRequest if the file is not usable media."""
        ...


class Transcriber(Protocol):
    async def transcribe(
        self, media: Path, *, language: str | None, progress: Progress
    ) -> Transcript: ...


class Summarizer(Protocol):
    async def summarize(self, transcript: Transcript, *, title: str) -> Summary: ...


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


class DeliveryLedger(Protocol):
    """What was already delivered for a job, so a re-run never posts or mails twice."""

    async def delivered(self, job_id: str, key: str) -> str | None: ...

    async def record(self, job_id: str, key: str, value: str = "1") -> None: ...


class JobMetrics(Protocol):
    async def stage_finished(self, stage: JobState, seconds: float) -> None: ...

    async def transcribed(self, audio_seconds: float, seconds: float) -> None: ...

    async def failed(self, category: str) -> None: ...


class Notifier(Protocol):
    """A place results go (a Slack channel, mailboxes). Each one decides from the request
    whether it has anything to do, and records its deliveries in the ledger."""

    def wants(self, request: JobRequest) -> bool: ...

    async def progress(
        self, request: JobRequest, status: JobStatus, ledger: DeliveryLedger
    ) -> None: ...

    async def deliver(
        self, request: JobRequest, job_id: str, result: MeetingResult, ledger: DeliveryLedger
    ) -> None: ...

    async def failed(
        self, request: JobRequest, job_id: str, reason: str, ledger: DeliveryLedger
    ) -> None: ...


@dataclass(frozen=True, slots=True)
class PipelineDeps:
    fetchers: Mapping[SourceKind, Fetcher]
    inspector: MediaInspector
    transcriber: Transcriber
    summarizer: Summarizer
    workdir: Callable[[], AbstractAsyncContextManager[Path]]
