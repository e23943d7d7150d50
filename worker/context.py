"""What a worker process builds once at start-up and its tasks share."""

from __future__ import annotations

from contextlib import AsyncExitStack
from dataclasses import dataclass

from core.answers import AnswerDeps
from core.jobs import JobDeps
from core.settings import Settings


@dataclass(frozen=True, slots=True)
class WorkerContext:
    settings: Settings
    closers: AsyncExitStack
    job_deps: JobDeps | None = None
    answer_deps: AnswerDeps | None = None
