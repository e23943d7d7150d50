"""Running Scribe's arq workers in this process, in burst mode: they work their queues empty,
then return, so a test can assert on what they did."""

from __future__ import annotations

from core.settings import Settings
from worker.settings import create_question_worker, create_worker


async def run_workers_in_burst(settings: Settings, *, questions: bool = True) -> None:
    """The recordings worker, then (unless `questions` is False) the thread-questions worker."""
    creators = (create_worker, create_question_worker) if questions else (create_worker,)
    for create in creators:
        worker = create(settings, burst=True, handle_signals=False)
        try:
            await worker.main()
        finally:
            await worker.close()
