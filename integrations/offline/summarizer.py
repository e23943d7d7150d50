"""A summary without any language model: ranked sentences and cue phrases.

It fills the same structure as the LLM summarizer and says it is offline (`generated_by`), so
nobody mistakes extracted sentences for a written summary.
"""

from __future__ import annotations

import asyncio
import re

from core.domain import ActionItem, Chapter, Summary, Transcript
from core.summaries import no_speech_summary, tidy
from integrations.offline import cues
from integrations.offline.rank import keywords, rank, topic_breaks
from integrations.offline.text import Sentence, content_words, sentences

GENERATED_BY = "offline"
_GENERIC_TITLE_WORDS = frozenset(
    "recording audio video meeting zoom gmt file untitled new call voice memo clip".split()
)
_MAX_LIST = 8


class OfflineSummarizer:
    async def summarize(self, transcript: Transcript, *, title: str) -> Summary:
        if transcript.is_empty:
            return no_speech_summary(title=title or "Meeting", generated_by=GENERATED_BY)
        return await asyncio.to_thread(summarize_offline, transcript, title)


def summarize_offline(transcript: Transcript, title: str) -> Summary:
    found = sentences(transcript)
    duration = transcript.duration_seconds or (found[-1].start if found else 0.0)
    decided = cues.decisions(found)
    actions = cues.action_items(found)
    questions = cues.open_questions(found)
    used = {s.index for s in decided} | {i for a in actions for i in a.sentences}
    candidates = [
        s
        for s in found
        if s.index not in used and not s.is_question and len(content_words(s.text)) >= 4
    ]
    points = rank(candidates, count=max(2, min(7, round(2 + duration / 360))))
    names = {n.lower() for n in cues.people(found)}
    topics = keywords(found, top=3, exclude=names)
    summary = Summary(
        title=_title(title, topics),
        tldr=_tldr(found, duration, topics, decided or points),
        key_points=tuple(s.text for s in points),
        decisions=tuple(s.text for s in decided[:_MAX_LIST]),
        action_items=tuple(
            ActionItem(owner=a.owner, task=a.task, due=a.due) for a in actions[:_MAX_LIST]
        ),
        open_questions=tuple(s.text for s in questions[:_MAX_LIST]),
        chapters=_chapters(found, duration, names),
        generated_by=GENERATED_BY,
    )
    return tidy(summary, duration_seconds=duration, fallback_title=title)


def _title(source_title: str, topics: list[str]) -> str:
    """The file or meeting name when it says something, else the main topics."""
    words = re.sub(r"[_\-.]+", " ", source_title).split()
    meaningful = [w for w in words if re.search(r"[A-Za-z]{2}", w) and not re.search(r"\d", w)]
    if any(w.lower() not in _GENERIC_TITLE_WORDS for w in meaningful):
        text = " ".join(meaningful)
        return text if any(c.isupper() for c in text) else text.capitalize()
    return _join(topics).capitalize() if topics else "Meeting"


def _tldr(found: list[Sentence], duration: float, topics: list[str], lead: list[Sentence]) -> str:
    """What kind of meeting it was, then what came out of it: the first decision, or else the
    most central point."""
    minutes = max(1, round(duration / 60))
    speakers = list(dict.fromkeys(s.speaker for s in found if s.speaker))
    who = f" between {_join(speakers[:5])}" if 1 < len(speakers) <= 5 else ""
    about = f" about {_join(topics)}" if topics else ""
    opening = f"A {minutes}-minute meeting{who}{about}."
    return f"{opening} {lead[0].text}" if lead else opening


def _chapters(found: list[Sentence], duration: float, names: set[str]) -> tuple[Chapter, ...]:
    wanted = max(1, min(12, round(duration / 360)))
    starts = topic_breaks(found, duration=duration, chapters=wanted)
    chapters = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(found)
        part = found[start:end]
        rest = found[:start] + found[end:]
        words = keywords(part, background=rest, top=2, exclude=names)
        title = _join(words).capitalize() if words else f"Part {i + 1}"
        chapters.append(Chapter(start=found[start].start, title=title))
    return tuple(chapters)


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
