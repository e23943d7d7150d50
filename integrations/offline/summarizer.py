"""A summary without any language model: the sentences a note-taker would keep, and the
decisions, action items and open questions found by the phrases people say them with.

It fills the same structure as the LLM summarizer and says it is offline (`generated_by`), so
nobody mistakes extracted sentences for a written summary.
"""

from __future__ import annotations

import asyncio

from core.domain import ActionItem, Chapter, Summary, Transcript
from core.summaries import no_speech_summary, tidy
from integrations.offline.actions import FoundAction, action_items
from integrations.offline.decisions import decisions
from integrations.offline.people import People
from integrations.offline.presenters import Presentation, presentations
from integrations.offline.questions import open_questions
from integrations.offline.rank import candidates, concepts, select, weights
from integrations.offline.text import Sentence, sentences
from integrations.offline.titles import capitalised, join, tldr
from integrations.offline.titles import title as make_title
from integrations.offline.topics import keywords, nouns, stem_counts, topic_breaks

GENERATED_BY = "offline"
_MAX_DECISIONS, _MAX_ACTIONS, _MAX_QUESTIONS = 6, 8, 5


class OfflineSummarizer:
    async def summarize(
        self, transcript: Transcript, *, title: str, last_try: bool = True
    ) -> Summary:
        if transcript.is_empty:
            return no_speech_summary(title=title or "Meeting", generated_by=GENERATED_BY)
        return await asyncio.to_thread(summarize_offline, transcript, title)


def summarize_offline(transcript: Transcript, title: str) -> Summary:
    found = sentences(transcript)
    if not found:
        return no_speech_summary(title=title or "Meeting", generated_by=GENERATED_BY)
    duration = transcript.duration_seconds or found[-1].start
    people = People(found)
    weight = weights(found)
    # A long meeting holds more to note: one more of each per 20 minutes past the first half hour.
    more = max(0, round((duration / 60 - 30) / 20))
    decided = _strongest(decisions(found), weight, _MAX_DECISIONS + more)
    actions = action_items(found, people)[: _MAX_ACTIONS + more]
    questions = open_questions(found)[: _MAX_QUESTIONS + more]
    heads, names = nouns(found), people.lowercase_words()
    topics = keywords(found, top=3, exclude=names, heads=heads)
    presented = presentations(found, exclude=names, heads=heads, limit=2)
    points = _key_points(found, weight, decided, actions, questions, duration)
    speakers = [people.canonical(s) or s for s in people.speakers]
    main_decision = max(decided, key=lambda s: _weight_of(s, weight), default=None)
    summary = Summary(
        title=make_title(title, topics),
        tldr=tldr(
            speakers,
            topics,
            main_decision,
            minutes=round(duration / 60),
            lead=(points or found)[0].text,
        ),
        key_points=tuple(_in_order(points, presented)),
        decisions=tuple(s.text for s in decided),
        action_items=tuple(ActionItem(owner=a.owner, task=a.task, due=a.due) for a in actions),
        open_questions=tuple(s.text for s in questions),
        chapters=_chapters(found, duration, names, heads),
        generated_by=GENERATED_BY,
    )
    return tidy(summary, duration_seconds=duration, fallback_title=title)


def _key_points(
    found: list[Sentence],
    weight: dict[str, float],
    decided: list[Sentence],
    actions: list[FoundAction],
    questions: list[Sentence],
    duration: float,
) -> list[Sentence]:
    """The sentences that cover what the decisions and action items have not already said."""
    used = {s.index for s in decided} | {s.index for s in questions}
    used |= {i for a in actions for i in a.sentences}
    covered: set[str] = set()
    for text in [s.text for s in decided] + [a.task for a in actions]:
        covered |= concepts(text)
    # Two for a short call, four past an hour; the presenters' lines come on top.
    count = max(2, min(4, round(2 + duration / 2400)))
    return select(candidates(found, used), weight, count=count, covered=covered)


def _in_order(points: list[Sentence], presented: list[Presentation]) -> list[str]:
    lines = [(s.index, s.text) for s in points] + [(p.first.index, p.line) for p in presented]
    return [text for _, text in sorted(lines)]


def _strongest(found: list[Sentence], weight: dict[str, float], limit: int) -> list[Sentence]:
    """At most `limit`, the ones most about what the meeting was about, in meeting order."""
    best = sorted(found, key=lambda s: -_weight_of(s, weight))[:limit]
    return sorted(best, key=lambda s: s.index)


def _weight_of(s: Sentence, weight: dict[str, float]) -> float:
    return sum(weight.get(c, 0.0) for c in concepts(s.text))


def _chapters(
    found: list[Sentence], duration: float, names: set[str], heads: set[str]
) -> tuple[Chapter, ...]:
    wanted = max(1, min(12, round(duration / 360)))
    starts = topic_breaks(found, duration=duration, chapters=wanted)
    everywhere = stem_counts(found)
    chapters = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(found)
        part = found[start:end]
        elsewhere = everywhere - stem_counts(part)
        words = keywords(part, elsewhere=elsewhere, top=2, exclude=names, ratio=0.5, heads=heads)
        title = capitalised(join(words)) if words else f"Part {i + 1}"
        chapters.append(Chapter(start=found[start].start, title=title))
    return tuple(chapters)
