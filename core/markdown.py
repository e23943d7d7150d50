"""The result as Markdown, for `scribe process`."""

from __future__ import annotations

from core.domain import MeetingResult
from core.summaries import Line, made_by, summary_sections
from core.timefmt import clock

OFFLINE_HINT = " (set OPENAI_API_KEY for a written summary)"


def markdown_line(line: Line) -> str:
    if line.at is not None:
        return f"- `{clock(line.at)}` {line.text}"
    owner = f"**{line.owner}**: " if line.owner else ""
    due = f" (due {line.due})" if line.due else ""
    return f"- {owner}{line.text}{due}"


def render_markdown(result: MeetingResult) -> str:
    summary = result.summary
    lines = [f"# {summary.title}", "", f"**TL;DR:** {summary.tldr}"]
    for section in summary_sections(summary):
        lines += ["", f"## {section.heading}", *(markdown_line(line) for line in section.lines)]
    hint = OFFLINE_HINT if summary.generated_by == "offline" and not summary.note else ""
    language = f", language {result.language}" if result.language else ""
    footer = f"{clock(result.duration_seconds)} of recording{language}; summary {made_by(summary)}"
    lines += ["", f"_{footer}{hint}._"]
    return "\n".join(lines) + "\n"
