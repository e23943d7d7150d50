"""Summaries as Slack Block Kit messages that fit Slack's limits.

All text that came from a recording or a model is escaped (&, <, >), so it cannot mention
@channel or people, nor forge a link: in Slack's markup those all need angle brackets.
Mentions Scribe adds on purpose are built here, from ids, never from model output.
"""

from __future__ import annotations

from typing import Any

from core.domain import STATE_LABELS, JobState, MeetingResult, Summary
from core.redact import shown_link
from core.summaries import Line, made_by, summary_sections
from core.timefmt import clock

Block = dict[str, Any]

SECTION_LIMIT = 2900  # Slack allows 3000 characters in a section's text
HEADER_LIMIT = 150
MESSAGE_CHARS = 11_000  # Slack rejects messages whose blocks add up to much more
MESSAGE_BLOCKS = 45  # of 50 allowed
TEXT_LIMIT = 40_000  # Slack's documented limit on a message's `text` (it answers msg_too_long)
_ENTITY = 5  # the longest escape, "&amp;": a cut never splits one


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cut_point(text: str, limit: int) -> int:
    """Where to end a piece of at most `limit` characters of escaped text: after a paragraph,
    a line or a word when one ends in its second half, never inside an escape like "&amp;"."""
    if len(text) <= limit:
        return len(text)
    for separator in ("\n\n", "\n", " "):
        at = text.rfind(separator, limit // 2, limit)
        if at > 0:
            return at + len(separator)
    amp = text.rfind("&", limit - _ENTITY, limit)
    return amp if amp > 0 and ";" not in text[amp:limit] else limit


def fit_text(text: str, limit: int = TEXT_LIMIT) -> str:
    """Escaped text cut to Slack's limit, saying it was cut."""
    if len(text) <= limit:
        return text
    return text[: _cut_point(text, limit - 1)].rstrip() + "…"


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Escaped text in pieces of at most `limit` characters each, cut between paragraphs,
    lines or words where it can be; nothing is lost."""
    pieces: list[str] = []
    while len(text) > limit:
        at = _cut_point(text, limit)
        pieces.append(text[:at])
        text = text[at:]
    return [*pieces, text] if text or not pieces else pieces


def permalink(channel: str, ts: str) -> str:
    """A link to a message that opens in whichever workspace the reader is signed in to."""
    return f"https://slack.com/archives/{channel}/p{ts.replace('.', '')}"


def mention(user_id: str) -> str:
    return f"<@{user_id}>"


def line_text(line: Line, owners: dict[str, str]) -> str:
    """One entry of a section in mrkdwn: escaped, with a mention for an owner Scribe knows."""
    if line.at is not None:
        return f"`{clock(line.at)}` {escape(line.text)}"
    user = owners.get((line.owner or "").lower())
    who = mention(user) if user else (f"*{escape(line.owner)}*" if line.owner else "")
    due = f" _(due {escape(line.due)})_" if line.due else ""
    return f"• {who + ': ' if who else ''}{escape(line.text)}{due}"


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _list_sections(heading: str, lines: list[str]) -> list[Block]:
    """A heading and its bullet lines, split over as many sections as the limit needs."""
    blocks: list[Block] = []
    current = f"*{heading}*"
    for line in lines:
        line = plain(line, SECTION_LIMIT - len(heading) - 10)
        if len(current) + 1 + len(line) > SECTION_LIMIT:
            blocks.append(_section(current))
            current = f"*{heading} (continued)*"
        current += "\n" + line
    blocks.append(_section(current))
    return blocks


def summary_blocks(
    result: MeetingResult, *, owners: dict[str, str] | None = None, footer: str = ""
) -> list[Block]:
    """Every block of the summary, in reading order (split into messages by `paginate`)."""
    summary: Summary = result.summary
    owners = owners or {}
    blocks: list[Block] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": plain(summary.title, HEADER_LIMIT)},
        },
        _section(plain(f"*TL;DR* {escape(summary.tldr)}", SECTION_LIMIT)),
    ]
    for section in summary_sections(summary):
        lines = [line_text(line, owners) for line in section.lines]
        blocks.extend(_list_sections(section.heading, lines))
    made = escape(made_by(summary))
    context = f"{clock(result.duration_seconds)} of recording · summary {made}"
    if footer:
        context += f" · {footer}"
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": context}]})
    return blocks


def _chars(block: Block) -> int:
    if "text" in block:
        return len(block["text"]["text"])
    return sum(len(e.get("text", "")) for e in block.get("elements", []))


def paginate(blocks: list[Block], *, chars: int = MESSAGE_CHARS) -> list[list[Block]]:
    """Split blocks into messages of at most `chars` characters and Slack's block limit; the
    first message is the summary itself, the rest continue in its thread."""
    pages: list[list[Block]] = [[]]
    used = 0
    for block in blocks:
        size = _chars(block)
        if pages[-1] and (used + size > chars or len(pages[-1]) >= MESSAGE_BLOCKS):
            pages.append([])
            used = 0
        pages[-1].append(block)
        used += size
    return pages


def fallback_text(summary: Summary) -> str:
    """The notification text shown where blocks are not (push notifications, search)."""
    return plain(f"{escape(summary.title)}: {escape(summary.tldr)}", 300)


def status_text(state: JobState, source: str, detail: str = "") -> str:
    label = STATE_LABELS[state]
    text = f"{label.emoji} {label.text}: {escape(shown_link(source))}"  # no signed query
    return f"{text}\n{escape(detail)}" if detail else text
