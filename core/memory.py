"""In-process stand-ins for the Redis records, for `scribe process` runs without Redis."""

from __future__ import annotations

from core.domain import MeetingResult, Transcript
from core.ports import TranscriptCheckpoint


class _MemoryCheckpoint:
    def __init__(self) -> None:
        self._saved: tuple[Transcript, str] | None = None

    async def load(self) -> tuple[Transcript, str] | None:
        return self._saved

    async def save(self, transcript: Transcript, title: str) -> None:
        self._saved = (transcript, title)


class MemoryStore:
    """Implements MeetingArchive and DeliveryLedger for the life of one process."""

    def __init__(self) -> None:
        self._results: dict[str, MeetingResult] = {}
        self._messages: dict[tuple[str, str], str] = {}
        self._deliveries: dict[tuple[str, str], str] = {}

    def checkpoint(self, job_id: str) -> TranscriptCheckpoint:
        return _MemoryCheckpoint()

    async def save_result(self, job_id: str, result: MeetingResult) -> None:
        self._results[job_id] = result

    async def load_result(self, job_id: str) -> MeetingResult | None:
        return self._results.get(job_id)

    async def link_message(self, channel: str, ts: str, job_id: str) -> None:
        self._messages[(channel, ts)] = job_id

    async def job_for_message(self, channel: str, ts: str) -> str | None:
        return self._messages.get((channel, ts))

    async def delivered(self, job_id: str, key: str) -> str | None:
        return self._deliveries.get((job_id, key))

    async def record(self, job_id: str, key: str, value: str = "1") -> None:
        self._deliveries[(job_id, key)] = value
