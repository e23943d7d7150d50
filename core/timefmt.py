"""Meeting clock times as people read them: 4:05, 12:31, 1:02:03."""

from __future__ import annotations

import re

from core.domain import Segment, Transcript

_CLOCK = re.compile(r"^\s*(?:(\d+):)?(\d{1,2}):(\d{2})(?:\.\d+)?\s*$")


def clock(seconds: float) -> str:
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def ago(seconds: float) -> str:
    """A rough age for people: "just now", "5 min", "3 h", "2 days"."""
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86_400:
        return f"{int(seconds // 3600)} h ago"
    return f"{int(seconds // 86_400)} days ago"


def parse_clock(text: str) -> float | None:
    """Read "12:31", "1:02:03" or plain seconds; None when it is neither."""
    match = _CLOCK.match(text)
    if match:
        hours, minutes, secs = match.groups()
        return int(hours or 0) * 3600 + int(minutes) * 60 + int(secs)
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value >= 0 else None


def transcript_turns(
    transcript: Transcript, *, max_line_seconds: float = 30.0
) -> list[tuple[float, str]]:
    """(start, "[12:31] Speaker: text") per turn, long turns split every `max_line_seconds`,
    so a model can cite times and a reader can check them."""
    turns: list[tuple[float, str]] = []
    turn: list[Segment] = []
    for segment in transcript.segments:
        if turn and (
            segment.speaker != turn[0].speaker or segment.end - turn[0].start > max_line_seconds
        ):
            turns.append((turn[0].start, _line(turn)))
            turn = []
        turn.append(segment)
    if turn:
        turns.append((turn[0].start, _line(turn)))
    return turns


def transcript_lines(transcript: Transcript, *, max_line_seconds: float = 30.0) -> list[str]:
    return [line for _, line in transcript_turns(transcript, max_line_seconds=max_line_seconds)]


def _line(turn: list[Segment]) -> str:
    text = " ".join(s.text.strip() for s in turn if s.text.strip())
    speaker = f"{turn[0].speaker}: " if turn[0].speaker else ""
    return f"[{clock(turn[0].start)}] {speaker}{text}"
