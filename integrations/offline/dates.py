"""Due dates as people say them: "by Friday", "end of next week", "before the 15th"."""

from __future__ import annotations

import re

_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_PERIOD = r"(?:day|weekend|week|month|quarter|sprint|year)"
_PART = r"(?:\s+(?:morning|afternoon|evening|night|noon|midday|lunchtime|eod|cob))?"
_NUMBER = r"(?:\d+|a|one|two|three|four|five|six|a couple of|a few)"
_WHEN = (
    rf"(?:the\s+)?end of (?:the |this |next )?{_PERIOD}"
    rf"|(?:early|late|later|mid)\s+(?:next|this)\s+{_PERIOD}"
    rf"|(?:this|tomorrow)\s+(?:morning|afternoon|evening)|first thing(?: tomorrow| {_DAY})?"
    rf"|(?:next|this|coming)\s+(?:{_DAY}|{_PERIOD}){_PART}"
    rf"|{_DAY}(?:'s)?{_PART}(?:\s+(?:team meeting|meeting|standup|stand-up|sync|call|review|"
    r"all-hands|planning|retro|demo))?"
    rf"|(?:eod|cob|end of day|eow) (?:on |this |next )?{_DAY}"
    rf"|(?:the\s+)?end of\s+(?:{_DAY}|q[1-4]|{_MONTH})"
    r"|tomorrow" + _PART + r"|tonight|today|eod|eow|cob|q[1-4]"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?"
    rf"|(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)(?:\s+of\s+{_MONTH})?"
    rf"|the next (?:meeting|standup|stand-up|sync|call|review|demo|release)"
    rf"|(?:the|our|this|next) (?:demo|release|launch|offsite|board meeting|review)"
)
_DUE = re.compile(
    rf"(?<!\bto )(?<!\bmove it to )\b(?:(?P<prep>by|before|until|till|til|no later than|due|for|on|"
    r"in time for)\s+)?"
    rf"(?P<due>{_WHEN}|in\s+{_NUMBER}\s+{_PERIOD}s?)\b",
    re.IGNORECASE,
)
# Without "by"/"before", only these read as a deadline ("on Friday", "next week").
_BARE = re.compile(
    rf"^(?:(?:next|this|coming|early|late|later|mid) |the end of |end of |in |tomorrow|tonight|"
    rf"today|eod|first thing|{_DAY})",
    re.I,
)
_EVENT = re.compile(r"^(?:the|our|this|next) ", re.IGNORECASE)


def find_due(text: str) -> tuple[str, str] | None:
    """The due date said in `text` and the words that said it, or None."""
    for match in _DUE.finditer(text):
        due = match["due"]
        prep = (match["prep"] or "").lower()
        if prep == "on" and _EVENT.match(due):
            continue  # "work on the release" names no date
        if prep or _BARE.match(due):
            return _tidy(due), match[0]
    return None


def _tidy(due: str) -> str:
    due = re.sub(r"\s+", " ", due.strip())
    due = re.sub(r"^the end", "end", due, flags=re.IGNORECASE)
    return due[:1].upper() + due[1:] if re.match(_DAY, due, re.I) else due


def same_due(a: str | None, b: str | None) -> bool:
    """ "Monday" and "Monday morning", "Friday's review" and "the review": the same day."""
    if a is None or b is None:
        return True
    x, y = (set(re.sub(r"\b(?:the|by|before)\b|'s", " ", d.lower()).split()) for d in (a, b))
    return x <= y or y <= x
