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
_SHORT_NUMBER = re.compile(r"^(?:\d{1,4}(?:st|nd|rd|th)?|\d:\d)$")  # 1, 42, 2025, 3rd, 1:1
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
    """The file or meeting name as a person wrote it ("Weekly Sync – Billing (May 1)"), less
    what a recorder adds (stamps, ids, "Recording"); None when nothing meaningful is left."""
    text = _EXTENSION.sub("", source_title.strip())
    # A name without spaces uses _ . or - between its words ("q3_planning_GMT2024...").
    words = text.split() if " " in text.strip() else re.split(r"[_.\-]+", text)
    words = [w for w in words if w and not _noise(w)]
    while words and (_generic(words[-1]) or _separator(words[-1])):
        words.pop()  # "Q3 roadmap review - Transcript"
    while words and _separator(words[0]):
        words.pop(0)
    if not any(not _generic(w) and any(c.isalpha() for c in w) for w in words):
        return None
    kept = [w for i, w in enumerate(words) if not (_separator(w) and _separator(words[i - 1]))]
    name = _balanced(" ".join(kept))
    return name if any(c.isupper() for c in name) else capitalised(name)


def _generic(word: str) -> bool:
    return word.lower().strip("()[]") in _GENERIC


def _separator(word: str) -> bool:
    return all(c in "-\u2013\u2014|:·" for c in word)


def _noise(word: str) -> bool:
    """Dates, times, meeting ids and resolutions in a file name; a short number ("Sprint 42",
    "(May 1)") or a label like Q3 is part of the name."""
    core = word.strip("()[],")
    if not any(c.isdigit() for c in core):
        return False
    return not (_KEEP_NUMBERED.match(core) or _SHORT_NUMBER.match(core))


def _balanced(text: str) -> str:
    """text without brackets left unmatched by the words that were dropped."""
    pairs, opened, unmatched = {")": "(", "]": "["}, [], set()
    for i, c in enumerate(text):
        if c in "([":
            opened.append(i)
        elif c in pairs:
            if opened and text[opened[-1]] == pairs[c]:
                opened.pop()
            else:
                unmatched.add(i)
    unmatched.update(opened)
    kept = "".join(c for i, c in enumerate(text) if i not in unmatched)
    return " ".join(kept.split())


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
