"""What a worker process builds once at start-up and its tasks share."""

from __future__ import annotations

from contextlib import AsyncExitStack
from dataclasses import dataclass

from core.ports import QuestionJobDeps, RecordingJobDeps
from core.settings import Settings
from integrations.store.records import RedisStore


@dataclass(frozen=True, slots=True)
class WorkerDeps:
    settings: Settings
    closers: AsyncExitStack
    recording_deps: RecordingJobDeps | None = None
    question_deps: QuestionJobDeps | None = None
    # Scribe's records, for what the worker itself keeps (the request a job ran) and sweeps.
    store: RedisStore | None = None
