"""The ports the pipeline needs. Adapters in `integrations/` implement them; tests may too."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from core.domain import JobState, Source, SourceKind, Summary, Transcript

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


@dataclass(frozen=True, slots=True)
class PipelineDeps:
    fetchers: Mapping[SourceKind, Fetcher]
    inspector: MediaInspector
    transcriber: Transcriber
    summarizer: Summarizer
    workdir: Callable[[], AbstractAsyncContextManager[Path]]
