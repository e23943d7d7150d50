"""The result as Markdown, for `scribe process` and email bodies."""

from __future__ import annotations

from core.domain import ActionItem, MeetingResult
from core.timefmt import clock

OFFLINE_NOTE = (
    "generated offline without a language model (set OPENAI_API_KEY for a written summary)"
)


def action_line(item: ActionItem) -> str:
    owner = f"**{item.owner}**: " if item.owner else ""
    due = f" (due {item.due})" if item.due else ""
    return f"{owner}{item.task}{due}"


def render_markdown(result: MeetingResult) -> str:
    summary = result.summary
    lines = [f"# {summary.title}", "", f"**TL;DR:** {summary.tldr}"]
    sections: list[tuple[str, list[str]]] = [
        ("Key points", [f"- {p}" for p in summary.key_points]),
        ("Decisions", [f"- {d}" for d in summary.decisions]),
        ("Action items", [f"- [ ] {action_line(a)}" for a in summary.action_items]),
        ("Open questions", [f"- {q}" for q in summary.open_questions]),
        ("Chapters", [f"- `{clock(c.start)}` {c.title}" for c in summary.chapters]),
    ]
    for heading, items in sections:
        if items:
            lines += ["", f"## {heading}", *items]
    made_by = OFFLINE_NOTE if summary.generated_by == "offline" else f"by {summary.generated_by}"
    language = f", language {result.language}" if result.language else ""
    lines += ["", f"_{clock(result.duration_seconds)} of recording{language}; summary {made_by}._"]
    return "\n".join(lines) + "\n"
