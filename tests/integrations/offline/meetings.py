"""How the written meetings are built and checked: what a note-taker wrote down for each, and
how a summary's items are matched against it.

An expected item is matched by meaning, not wording: a decision or open question by words it
must contain, an action item by its owner, its due date and words of its task.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from core.domain import ActionItem, Segment, Summary, Transcript
from core.transcript_files import read_transcript_file


@dataclass(frozen=True)
class Expected:
    decisions: list[list[str]] = field(default_factory=list)
    actions: list[tuple[str | None, str | None, list[str]]] = field(default_factory=list)
    questions: list[list[str]] = field(default_factory=list)


@dataclass(frozen=True)
class Meeting:
    name: str
    title: str
    transcript: Transcript
    expected: Expected


def labelled(*turns: str, seconds_per_word: float = 0.4) -> Transcript:
    """ "Name: words" turns as Whisper segments with the speakers' names."""
    segments = []
    clock = 0.0
    for turn in turns:
        speaker, _, text = turn.partition(": ")
        length = max(1.0, len(text.split()) * seconds_per_word)
        segments.append(Segment(start=clock, end=clock + length, text=text, speaker=speaker))
        clock += length + 0.3
    return Transcript(segments=tuple(segments), language="en", duration_seconds=clock)


def spoken(*lines: str) -> Transcript:
    """Lines as unlabelled Whisper segments, six seconds apart."""
    segments = tuple(
        Segment(start=6.0 * i, end=6.0 * i + 5, text=text) for i, text in enumerate(lines)
    )
    return Transcript(segments=segments, language="en", duration_seconds=6.0 * len(lines))


def from_file(tmp: Path, name: str, text: str) -> Transcript:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return read_transcript_file(path)


def _has(text: str, words: list[str]) -> bool:
    return all(w.lower() in text.lower() for w in words)


def _same_owner(found: str | None, wanted: str | None) -> bool:
    if wanted is None:
        return True
    return found is not None and found.lower() == wanted.lower()


def _same_due(found: str | None, wanted: str | None) -> bool:
    if wanted is None:
        return True
    if found is None:
        return False
    # "EOD Friday" is Friday; "Friday's review" is not "Friday".
    said, noted = (
        re.sub(r"\b(?:the|by|before|eod|cob)\b|'s", " ", d.lower()) for d in (found, wanted)
    )
    return said.split() == noted.split()


def _action_found(items: tuple[ActionItem, ...], wanted: tuple[str | None, str | None, list[str]]):
    owner, due, words = wanted
    return any(
        _same_owner(a.owner, owner) and _same_due(a.due, due) and _has(a.task, words) for a in items
    )


def found_items(summary: Summary, expected: Expected) -> dict[str, tuple[int, int]]:
    """(found, expected) for each kind of item."""
    decisions = sum(any(_has(d, w) for d in summary.decisions) for w in expected.decisions)
    actions = sum(_action_found(summary.action_items, a) for a in expected.actions)
    questions = sum(any(_has(q, w) for q in summary.open_questions) for w in expected.questions)
    return {
        "decisions": (decisions, len(expected.decisions)),
        "action items": (actions, len(expected.actions)),
        "open questions": (questions, len(expected.questions)),
    }
