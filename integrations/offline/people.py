"""Who is who: the people a meeting shows (speaker labels, names addressed or mentioned), and
one name for each of them, so "Sam" and "Sam Lee" are one owner."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from integrations.offline.text import Sentence

NOT_NAMES = frozenset(
    """I We You He She It They This That There Here Someone Somebody Everyone Everybody Nobody
    Anyone What Who Which Then So And But Yeah Yes Okay Ok Well Also Maybe Just Now Let Please
    Great Sure Thanks Right If When Our My Your The Do Does Did Can Could Would Should Will
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December Today Tomorrow Next Last Everything
    Nothing Something Anything Zoom Slack Google Welcome Hopefully Honestly Obviously Sorry Oh
    Or No Not Cool Good Fine Perfect Actually Basically All Both Each Either Neither Team Hey
    Hi Hello Action Todo Decision Decisions Question Questions Agenda Notes Item Items Update
    How Why Where Because Since Though Although Once After Before While Until Unless Also""".split()
)
_ADDRESS = re.compile(
    r"^(?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+)?),\s+(?:can|could|would|will|please|you)\b"
)
_MENTION = re.compile(r"(?<=[a-z,] )[A-Z][a-z]+(?: [A-Z][a-z]+)?\b")
# Where a word stands when it is someone: spoken to, thanked, asked, or said to have said.
_PERSON = (
    r"^{n},|,\s*{n}[.?!]$|\b(?:thanks|thank you|hi|hey|ask|tell|ping|told|asked|cc)\s+{n}\b|"
    r"\b{n}\s+(?:also\s+)?(?:said|says|mentioned|asked|told|thinks|thought|suggested|agreed|"
    r"was saying|is out|is off|and I)\b"
)


class People:
    """The names a meeting shows, and the full name behind a first name."""

    def __init__(self, found: Iterable[Sentence]) -> None:
        found = list(found)
        labels = Counter(s.speaker for s in found if s.speaker)
        self.speakers = list(labels)
        # A name is never written in lowercase; "However" or "Are" are, somewhere.
        lowercase = {w for s in found for w in re.findall(r"\b[a-z][a-z']+\b", s.text)}
        self._lowercase = lowercase
        names: set[str] = set()
        for s in found:
            addressed = _ADDRESS.match(s.text)
            if addressed:
                names.add(addressed["name"])
            names.update(m for m in _MENTION.findall(s.text) if _looks_like_name(m))
        names = {n for n in names if n.split()[0] not in NOT_NAMES}
        names = {n for n in names if not {w.lower() for w in n.split()} & lowercase}
        self.names = names | {n for n in labels if _looks_like_name(n)}
        self._full = _full_names(self.names, preferred=self.speakers)
        text = "\n".join(s.text for s in found)
        self.evidenced = set(labels) | {
            n for n in names if re.search(_PERSON.format(n=re.escape(n)), text, re.MULTILINE)
        }

    def learn(self, names: Iterable[str]) -> None:
        """Full names found as owners ("Sam Lee is going to ...") join the names known."""
        new = {n for n in names if " " in n and _looks_like_name(n)} - self.names
        if new:
            self.names |= new
            self._full = _full_names(self.names, preferred=self.speakers)

    def is_person(self, word: str) -> bool:
        first = word.split()[0]
        return first not in NOT_NAMES and (word in self.names or first in self._full)

    def could_be_name(self, word: str) -> bool:
        """A known person, or a capitalised word the meeting never writes in lowercase, as
        someone is spoken to at the start of a sentence ("Priya, you know their lead")."""
        if self.is_person(word):
            return True
        words = word.split()
        return words[0] not in NOT_NAMES and not {w.lower() for w in words} & self._lowercase

    def is_known_person(self, word: str) -> bool:
        """A speaker, or someone the meeting speaks to or about as a person."""
        first = word.split()[0]
        return any(n == word or n.split()[0] == first for n in self.evidenced)

    def canonical(self, name: str | None) -> str | None:
        """ "Sam" -> "Sam Lee" when the meeting shows exactly one Sam with a surname."""
        if not name:
            return None
        if " " in name:
            return name
        return self._full.get(name, name)

    def lowercase_words(self) -> set[str]:
        return {w.lower() for n in self.names | set(self.speakers) for w in n.split()}


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 3 and all(w[:1].isupper() and w[1:].islower() for w in words)


def _full_names(names: set[str], *, preferred: list[str]) -> dict[str, str]:
    """First name -> the one full name it stands for (speaker labels win over mentions)."""
    by_first: dict[str, set[str]] = {}
    for name in names | {p for p in preferred if _looks_like_name(p)}:
        by_first.setdefault(name.split()[0], set()).add(name)
    result: dict[str, str] = {}
    for first, forms in by_first.items():
        full = [f for f in forms if " " in f]
        if len(full) == 1:
            result[first] = full[0]
        elif len(full) > 1:
            labelled = [f for f in full if f in preferred]
            if len(labelled) == 1:
                result[first] = labelled[0]
        else:
            result[first] = first
    return result
