"""Google Meet's transcripts, as Drive exports their Google Doc to plain text.

Meet writes the meeting's name, an "Attendees" list and a "Transcript" heading, then the
turns as "Name: words" with a timestamp line ("00:05:12") every few minutes, and closes with
"Transcription ended after ..." and a note that the text was computer generated. The turns and
timestamps are kept as they are (Scribe's transcript reader takes the names as speakers and
the timestamps as times); the heading part and the closing lines are dropped, so they are not
taken for something someone said.
"""

from __future__ import annotations

import re

_HEADING = re.compile(r"^\s*transcript\s*$", re.IGNORECASE)
_CLOSING = re.compile(
    r"^\s*(transcription ended after\b|this editable transcript was computer generated\b)",
    re.IGNORECASE,
)
_HEADING_WITHIN = 40  # lines: the meeting's name and the attendee list come first


def meet_transcript_text(export: str) -> str:
    """The turns of a Meet transcript, ready for the plain-text transcript reader."""
    lines = export.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    start = next(
        (i + 1 for i, line in enumerate(lines[:_HEADING_WITHIN]) if _HEADING.match(line)), 0
    )
    kept = [line for line in lines[start:] if not _CLOSING.match(line)]
    return "\n".join(kept).strip() + "\n"
