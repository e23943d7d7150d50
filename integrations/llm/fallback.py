"""A summary whatever the language model does: when it cannot be reached, refuses, or still
replies in a broken format after its retry, the offline summary is used instead, and says so.

By the time the summary is written the transcript is done (minutes of work on long
recordings); a model outage must not throw that away. The SDK has already retried rate
limits and server errors (`llm_max_retries`, honouring Retry-After) before this falls back.
"""

from __future__ import annotations

import structlog

from core.domain import Summary, Transcript
from core.errors import StageFailed, Transient
from core.ports import Summarizer

log = structlog.get_logger(__name__)


def fallback_note(reason: str) -> str:
    """What the summary says about itself when the model failed (one line, no secrets)."""
    reason = reason.rstrip(". ")
    return f"The language model could not be used ({reason}); this is the offline summary."


class FallbackSummarizer:
    """Asks `model`; on a model failure, answers with `offline`'s summary and a note."""

    def __init__(self, model: Summarizer, offline: Summarizer) -> None:
        self._model = model
        self._offline = offline

    async def summarize(
        self, transcript: Transcript, *, title: str, last_try: bool = True
    ) -> Summary:
        try:
            return await self._model.summarize(transcript, title=title)
        except Transient as exc:
            if not last_try:
                raise  # a queued job tries again later: the model may be back by then
            log.warning("summary.model_failed", reason=exc.message, error=type(exc).__name__)
            reason = exc.message
        except StageFailed as exc:
            log.warning("summary.model_failed", reason=exc.message, error=type(exc).__name__)
            reason = exc.message
        except Exception as exc:  # noqa: BLE001 - a bug in the model path must not lose the work
            log.exception("summary.model_crashed")
            reason = f"unexpected {type(exc).__name__}"
        summary = await self._offline.summarize(transcript, title=title)
        return summary.model_copy(update={"note": fallback_note(reason)})
