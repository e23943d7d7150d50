"""The words at the top of a summary: a title a person would write and a one-sentence TL;DR.

The title is the file or meeting name when that says something ("Q3 planning"), not when it is
a recorder's name for a file ("GMT20240501-150000_Recording"); otherwise the main topic. The
TL;DR says who met, what they talked about and, when they decided something, what.
"""

from __future__ import annotations

import re

from integrations.offline.text import Sentence

_GENERIC = frozenset(
    """recording recordings audio video meeting meetings zoom gmt file untitled new call voice
    memo clip transcript transcripts export copy final draft otter rec teams meet google
    cloud record session room personal webex""".split()
)
_EXTENSION = re.compile(
    r"\.(?:mp4|m4a|mp3|wav|ogg|oga|opus|webm|mkv|mov|vtt|srt|txt|flac|aac|json|docx?)$", re.I
)
_KEEP_NUMBERED = re.compile(r"^[A-Za-z]{1,3}\d{1,2}$")  # Q3, v2, H1
_DECISION_VERB = re.compile(
    r"\b(?:(?:we|they|team)(?:'ve| have| had)? (?:all )?(?P<verb>decided|agreed|settled|chose|"
    r"landed)\b(?P<rest>.*)|(?:(?:we|we'll|we will|we're going to|let's|so we) (?P<choice>go with|"
    r"go for|go ahead with|stick with)|let's (?P<act>use|keep|move|ship|drop|skip|target))\b"
    r"(?P<object>.*))",
    re.IGNORECASE,
)
_FIRST_PERSON = [
    (r"\bwe're\b", "they're"),
    (r"\bwe'll\b", "they'll"),
    (r"\bwe've\b", "they've"),
    (r"\bwe\b", "they"),
    (r"\bour\b", "their"),
    (r"\bus\b", "them"),
]
_MAX_CLAUSE_WORDS = 22


def title(source_title: str, topics: list[str]) -> str:
    """The meeting's own name when it means something, else its main topic."""
    name = meaningful_name(source_title)
    if name:
        return name
    if topics:
        return capitalised(" and ".join(topics[:2]))
    return "Meeting"


def meaningful_name(source_title: str) -> str | None:
    text = _EXTENSION.sub("", source_title.strip())
    words = [w for w in re.split(r"[\s_.\-]+", text) if w and not _noise(w)]
    while words and words[-1].lower().strip("()[]") in _GENERIC:
        words.pop()  # "Q3 roadmap review - Transcript"
    if not any(w.lower().strip("()[]") not in _GENERIC for w in words):
        return None
    name = " ".join(words).strip(" ()[]")
    return name if any(c.isupper() for c in name) else capitalised(name)


def _noise(word: str) -> bool:
    """Dates, times, meeting ids and resolutions in a file name."""
    digits = sum(c.isdigit() for c in word)
    return digits > 0 and not _KEEP_NUMBERED.match(word)


def tldr(
    speakers: list[str], topics: list[str], decision: Sentence | None, *, minutes: int, lead: str
) -> str:
    """One sentence: how long, who discussed what, and what the team decided."""
    outcome = decided_clause(decision.text) if decision is not None else None
    opening = f"In this {minutes}-minute meeting, " if minutes >= 1 else "In this meeting, "
    who = _who(speakers) if speakers else "the team"
    if not topics:
        return f"{opening}{who} {outcome}." if outcome else lead
    sentence = f"{opening}{who} discussed {join([with_article(t) for t in topics])}"
    if outcome:
        sentence += f", and {'the team' if speakers else 'they'} {outcome}"
    return sentence + "."


def decided_clause(text: str) -> str | None:
    """ "So we decided to move the launch to March 15th." -> "decided to move the launch to
    March 15th"; "Let's go with the rubber case." -> "decided to go with the rubber case"."""
    match = _DECISION_VERB.search(text)
    if match is None:
        return None
    if match["verb"]:
        clause = f"{match['verb'].lower()}{match['rest']}"
    else:
        clause = f"decided to {(match['choice'] or match['act']).lower()}{match['object']}"
    clause = re.split(r"[,;:]\s|\s-\s|\.\s", clause.strip(" .!"))[0]
    clause = re.sub(r"\s+(?:then|now|though|too|first|anyway|for now)$", "", clause)
    if re.search(r"\b(?:I|me|my|I'm|I'll)\b", clause) or len(clause.split()) > _MAX_CLAUSE_WORDS:
        return None
    for pattern, replacement in _FIRST_PERSON:
        clause = re.sub(pattern, replacement, clause, flags=re.IGNORECASE)
    return clause if len(clause.split()) >= 3 else None


def _who(speakers: list[str]) -> str:
    if len(speakers) > 4:
        return "the team"
    return join(speakers)


def with_article(topic: str) -> str:
    first = topic.split()[0]
    if first[:1].isupper() or first[:1].isdigit():
        return topic
    return f"the {topic}"


def join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
