"""Rules every summary obeys, whoever wrote it: no empty or repeated entries, chapters in
order and inside the meeting, a title."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core.domain import ActionItem, Chapter, Summary

NO_SPEECH = "No speech was detected in this recording."
_NO_OWNER = {"", "null", "none", "unknown", "n/a", "tbd", "unassigned"}


def unique_texts(items: Iterable[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    kept: list[str] = []
    for item in items:
        text = " ".join(item.split())
        key = text.lower().rstrip(".")
        if text and key not in seen:
            seen.add(key)
            kept.append(text)
    return tuple(kept)


def _owner(value: str | None) -> str | None:
    if value is None or value.strip().lower() in _NO_OWNER:
        return None
    return value.strip()


def tidy(summary: Summary, *, duration_seconds: float, fallback_title: str) -> Summary:
    """No empty, repeated or near-duplicate entries (mostly another's words, as "We decided to
    ship." after "So we decided to ship it."); no key point repeating a decision or question."""

    def near(a: str, b: str) -> bool:
        x, y = ({w.strip(".,;:!?()") for w in t.lower().split() if len(w) > 3} for t in (a, b))
        return min(len(x), len(y)) >= 3 and len(x & y) >= 0.8 * min(len(x), len(y))

    def distinct(items: Iterable[str], besides: tuple[str, ...] = ()) -> tuple[str, ...]:
        kept: list[str] = []
        for text in unique_texts(items):
            if not any(near(text, other) for other in (*besides, *kept)):
                kept.append(text)
        return tuple(kept)

    actions: list[ActionItem] = []
    for item in summary.action_items:
        task, owner = " ".join(item.task.split()), _owner(item.owner)
        twin = any(a.owner in (owner, None) and near(a.task, task) for a in actions)
        # The same words for two owners are two tasks ("each of you: send the forecast").
        same = any(
            a.task.lower() == task.lower() and (a.owner == owner or None in (a.owner, owner))
            for a in actions
        )
        if task and not same and not twin:
            actions.append(ActionItem(owner=owner, task=task, due=_owner(item.due)))
    chapters: dict[int, Chapter] = {}
    for chapter in sorted(summary.chapters, key=lambda c: c.start):
        start = min(max(0.0, chapter.start), max(0.0, duration_seconds))
        title = " ".join(chapter.title.split())
        if title and int(start) not in chapters:
            chapters[int(start)] = Chapter(start=float(int(start)), title=title)
    title = " ".join(summary.title.split()) or fallback_title or "Meeting"
    decisions, questions = distinct(summary.decisions), distinct(summary.open_questions)
    return summary.model_copy(
        update={
            "title": title,
            "tldr": " ".join(summary.tldr.split()),
            "key_points": distinct(summary.key_points, (*decisions, *questions)),
            "decisions": decisions,
            "action_items": tuple(actions),
            "open_questions": questions,
            "chapters": tuple(chapters.values()) or (Chapter(start=0.0, title=title),),
        }
    )


def no_speech_summary(*, title: str, generated_by: str) -> Summary:
    """What an empty recording gets: said plainly, with nothing made up."""
    return Summary(title=title or "Meeting", tldr=NO_SPEECH, generated_by=generated_by)


@dataclass(frozen=True, slots=True)
class Line:
    """One entry of a section, with what each renderer may show beside its text."""

    text: str
    owner: str | None = None
    due: str | None = None
    at: float | None = None  # a chapter's start, in seconds


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    lines: tuple[Line, ...]


def summary_sections(summary: Summary) -> list[Section]:
    """The summary's sections in the one order and wording that Markdown, Slack and email all
    show; empty sections are left out."""
    sections = [
        Section("Decisions", tuple(Line(d) for d in summary.decisions)),
        Section(
            "Action items",
            tuple(Line(a.task, owner=a.owner, due=a.due) for a in summary.action_items),
        ),
        Section("Open questions", tuple(Line(q) for q in summary.open_questions)),
        Section("Key points", tuple(Line(p) for p in summary.key_points)),
        Section("Chapters", tuple(Line(c.title, at=c.start) for c in summary.chapters)),
    ]
    return [s for s in sections if s.lines]


def made_by(summary: Summary) -> str:
    """Who wrote the summary, in the words every renderer uses, with why when it is not the
    one asked for (the model failed and this is the offline one)."""
    words = (
        "generated offline, without a language model"
        if summary.generated_by == "offline"
        else f"written by {summary.generated_by}"
    )
    return f"{words}. {summary.note.rstrip('.')}" if summary.note else words
