"""What a vague word stands for in a meeting: the agenda item just introduced ("Then the CSV
import bug." ... "Can someone pick that up?")."""

from __future__ import annotations

import re

from integrations.offline.text import Sentence

# An agenda item said on its own: "Then the CSV import bug.", "Next, speakers."
_AGENDA = re.compile(
    r"^(?:(?:then|next|and|now|okay|also|last|lastly|finally|first|second|third|"
    r"moving on to|on to|about)\W+)*(?P<topic>(?:the |our |their )?[\w'-]+(?: [\w'-]+){0,4}?)"
    r"(?: first| next| then)?[.:]$",
    re.IGNORECASE,
)
_VERBISH = re.compile(
    r"\b(?:is|are|was|were|be|i|we|you|he|she|it|they|that's|it's|have|has|had|do|does|did|"
    r"can|will|would|should|\w+'s|\w+'ll|\w+'re|yes|yeah|no|thanks|great|okay|right|good|"
    r"nice|cool|sure|probably|maybe|in|at|by|to|from|not|just|all)\b",
    re.IGNORECASE,
)


_MEETING_PARTS = re.compile(
    r"(?:next steps|action items|agenda|updates|questions|anything else|one more thing|"
    r"last thing|wrap up|summary)$",
    re.IGNORECASE,
)


def topic_before(found: list[Sentence], s: Sentence) -> str | None:
    """The thing on the agenda a vague "that" stands for: named before a comma in the same
    sentence ("The landing page, who's doing that?") or said on its own a little before
    ("Then the CSV import bug.")."""
    lead = re.match(r"^((?:the|our|their|this|that) [\w' -]{2,40}?),", s.text, re.IGNORECASE)
    if lead and not _VERBISH.search(lead[1]):
        return lead[1][:1].lower() + lead[1][1:]
    for before in reversed(found[max(0, s.index - 8) : s.index]):
        m = _AGENDA.match(before.text)
        topic = m["topic"] if m else ""
        introduced = topic != before.text.rstrip(".:") or re.match(
            r"(?:the|our|their) ", topic, re.I
        )
        if _MEETING_PARTS.match(topic):
            continue  # "Next steps." is where the meeting is, not what it is about
        if topic and introduced and not _VERBISH.search(topic) and len(topic.split()) <= 4:
            return topic[:1].lower() + topic[1:] if not _people_like(topic) else topic
    return None


def _people_like(text: str) -> bool:
    return all(w[:1].isupper() for w in text.split())
