"""Answers to follow-up questions asked in the thread of a summary, grounded in the
meeting's transcript and quoting times so people can check."""

from __future__ import annotations

from collections.abc import Sequence

import structlog

from core.domain import Passage, Question, Transcript
from core.errors import StageFailed, Transient
from core.ports import QuestionJobDeps
from core.timefmt import clock, transcript_turns

log = structlog.get_logger(__name__)

_PASSAGE_SECONDS = 60.0


def passages(transcript: Transcript) -> list[Passage]:
    """Overlapping windows of about a minute: small enough to point at a moment, large enough
    to hold a question and its answer. Each starts about half a window after the previous."""
    turns = transcript_turns(transcript, max_line_seconds=20.0)
    found: list[Passage] = []
    for i, (start, _) in enumerate(turns):
        if found and start - found[-1].start < _PASSAGE_SECONDS / 2:
            continue
        last = i
        while last + 1 < len(turns) and turns[last + 1][0] - start < _PASSAGE_SECONDS:
            last += 1
        end = turns[last + 1][0] if last + 1 < len(turns) else transcript.duration_seconds
        text = "\n".join(line for _, line in turns[i : last + 1])
        found.append(Passage(start=start, end=max(end, start), text=text))
    return found


def quote_passages(found: Sequence[Passage]) -> str:
    """The answer when no language model is configured: the best-matching moments."""
    if not found:
        return "I could not find anything about that in the meeting."
    quoted = "\n".join(f"> {line}" for p in found[:3] for line in p.text.splitlines()[:4])
    return f"These parts of the meeting match your question best:\n{quoted}"


async def answer_in_thread(
    question: Question, deps: QuestionJobDeps, *, last_try: bool = True
) -> str:
    """Answer once: Slack's redelivered events and retried jobs find the answer recorded.

    When the language model fails for good (or for now, on the last try), the matching
    passages are still worth posting.
    """
    key = f"answer:{question.message_ts}"
    if await deps.ledger.delivered(question.job_id, key):
        return "already answered"
    result = await deps.archive.load_result(question.job_id)
    if result is None:
        text = (
            "I no longer have this meeting's transcript: meetings are kept for "
            f"{deps.retention_days} days."
        )
    else:
        history = await deps.thread.history(
            question.channel, question.thread_ts, before=question.message_ts
        )
        query = " ".join([*(t.text for t in history if t.role == "user")][-1:] + [question.text])
        found = await deps.ranker.rank(question.job_id, passages(result.transcript), query, top=6)
        log.info(
            "question.ranked", passages=len(found), first=clock(found[0].start) if found else None
        )
        text = quote_passages(found)
        if deps.answerer is not None:
            try:
                text = await deps.answerer.answer(question.text, found, history, result.summary)
            except (StageFailed, Transient) as exc:
                if isinstance(exc, Transient) and not last_try:
                    raise
                log.warning("question.model_failed", reason=exc.message)
    # The intent is recorded first: a worker killed after Slack posted the answer, but before
    # the ledger said so, leaves it behind, and the next try looks in the thread before posting.
    intent = f"{key}:pending"
    resuming = await deps.ledger.delivered(question.job_id, intent) is not None
    await deps.ledger.record(question.job_id, intent)
    ts = await deps.thread.reply(
        question.channel,
        question.thread_ts,
        text,
        job_id=question.job_id,
        key=key,
        resuming=resuming,
    )
    await deps.ledger.record(question.job_id, key, ts)
    return ts
