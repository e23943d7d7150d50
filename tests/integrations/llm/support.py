"""What the LLM tests share: a transcript to summarize and the replies the fake model gives."""

from __future__ import annotations

import json
import re
from typing import Any

from core.domain import Segment, Transcript

MODEL = "test-model"

REPLY = {
    "title": "Launch date",
    "tldr": "The team moved the launch to March 15.",
    "key_points": ["Launch moves to March 15"],
    "decisions": ["Launch on March 15"],
    "action_items": [{"owner": "Ana", "task": "Tell marketing", "due": "Friday"}],
    "open_questions": [],
    "chapters": [{"start": "0:00", "title": "Launch"}],
}


def transcript(lines: int = 3, spacing: float = 5.0) -> Transcript:
    speakers = ("Ana", "Ben")
    segments = tuple(
        Segment(
            start=i * spacing,
            end=i * spacing + spacing - 0.5,
            speaker=speakers[i % 2],
            text=f"Point number {i} about the launch plan and the budget for topic {i // 10}.",
        )
        for i in range(lines)
    )
    return Transcript(segments=segments, language="en", duration_seconds=lines * spacing)


def times(text: str) -> list[str]:
    return re.findall(r"^\[(\d+:\d{2}(?::\d{2})?)\]", text, flags=re.MULTILINE)


def long_meeting_responder(body: dict[str, Any]) -> str:
    """Parts get one chapter at their first line; the merge returns the parts' chapters in
    reverse order, so the summarizer has to put them back in order."""
    system = body["messages"][0]["content"]
    user = body["messages"][-1]["content"]
    if system.startswith("You merge"):
        notes = [json.loads(line) for line in user.splitlines() if line.startswith("{")]
        chapters = [c for note in notes for c in note["chapters"]][::-1]
        return json.dumps({**REPLY, "title": "Whole meeting", "chapters": chapters})
    first = times(user)[0]
    return json.dumps({**REPLY, "chapters": [{"start": first, "title": f"From {first}"}]})
