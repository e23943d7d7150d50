"""What is in a transcript but was never part of the discussion: export headers (Google Meet,
Zoom, WebVTT), and the talk that runs every meeting (greetings, "can you see my screen")."""

from __future__ import annotations

import re

from core.domain import Segment

# Lines written by the tool that exported the transcript, not by anyone in the meeting.
_HEADER = re.compile(
    r"^(?:webvtt\b.*|kind:\s*\w+|language:\s*[\w-]+|note\b.*|style\b.*|\d+|"
    r"(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d+)?(?:\s*-->.*)?|-->.*|"
    r"transcript|attendees|participants|agenda|meeting notes|notes|chat|"
    r".{0,120}\s-\s(?:transcript|notes by gemini|meeting notes)|"
    r"this editable transcript was computer generated.*|"
    r".*(?:transcript|notes) (?:was|were) (?:computer|automatically) generated.*|"
    r"meeting (?:started|ended|recorded)\b.*|recording (?:started|stopped|in progress)\b.*|"
    r"transcription (?:started|stopped|ended)\b.*|this meeting is being recorded\.?|"
    r"(?:created|date|time|duration|host|title|meeting id|passcode)\s*:.*)$",
    re.IGNORECASE,
)
# Labels an export puts where a speaker name would be ("Attendees: Sam Lee, Priya Shah").
_HEADER_LABELS = frozenset(
    "attendees participants invited date time title duration host kind language note "
    "meeting transcript agenda created".split()
)
_NAME_LIST = re.compile(
    r"^[A-Z][\w'.-]*(?: [A-Z][\w'.-]*)*(?:,\s*[A-Z][\w'.-]*(?: [A-Z][\w'.-]*)*)+$"
)

# Talk about the call itself: who is here, the audio, the screen, hellos and goodbyes.
_CHATTER = re.compile(
    r"\b(?:can (?:you|everyone|everybody)(?: all| guys)? (?:hear|see) (?:me|my|us|it|that)|"
    r"(?:you're|you are|i'm|i was|i am) (?:on )?mute|unmute|share (?:my|your) screen|"
    r"stop sharing|screen ?shar|my (?:audio|camera|mic|microphone|connection|internet)|"
    r"(?:are|is) (?:we|it) recording|start (?:the )?recording|(?:we're|we are|i'm) recording|"
    r"good (?:morning|afternoon|evening)|how are you|how's it going|nice to (?:meet|see)|"
    r"(?:thanks|thank you),? (?:everyone|everybody|all|guys)|see you (?:all|next|later|then|soon)|"
    r"have a (?:good|great|nice) (?:one|day|weekend|week)|let's (?:get )?start(?:ed)?|"
    r"(?:let's|we can|we'll) wait (?:a (?:minute|moment|few minutes|bit) )?for|"
    r"sorry (?:i'm|for being|we're) late|(?:drop|dropping) off|hop off|"
    r"next slide|(?:bye|goodbye|cheers)\b)",
    re.IGNORECASE,
)


def is_header(segment: Segment, *, after_label: bool = False) -> bool:
    """An export header line: matched by its shape, or a list of names under "Attendees"."""
    text = segment.text.strip()
    if segment.speaker and segment.speaker.strip().lower() in _HEADER_LABELS:
        return True
    if segment.speaker:
        return False
    return bool(_HEADER.match(text)) or (after_label and bool(_NAME_LIST.match(text)))


def drop_headers(segments: tuple[Segment, ...]) -> list[Segment]:
    kept: list[Segment] = []
    after_label = False
    for segment in segments:
        header = is_header(segment, after_label=after_label)
        if not header:
            kept.append(segment)
        after_label = header and segment.text.strip().lower() in {"attendees", "participants"}
    return kept


def is_chatter(text: str) -> bool:
    return bool(_CHATTER.search(text))
