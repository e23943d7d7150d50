"""Progress sinks that need no outside system."""

from __future__ import annotations

from core.domain import JobState


class SilentProgress:
    """For callers that do not show progress (tests, benchmarks)."""

    async def stage(self, state: JobState) -> None:
        return None

    def advance(self, done_seconds: float, total_seconds: float) -> None:
        return None
