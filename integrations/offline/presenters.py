"""Who presented what: a stretch where one person holds the floor, the others only saying
"mm-hmm" or asking something short, is a presentation or an update, and a note-taker writes it
down as one line ("Priya presented the Q3 numbers and the hiring plan")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from integrations.offline.text import Sentence
from integrations.offline.titles import join, with_article
from integrations.offline.topics import keywords, stem_counts

_MIN_WORDS = 120  # about fifty seconds of one person talking
_INTERRUPTION_WORDS = 10  # a longer remark from someone else ends the stretch


@dataclass(frozen=True, slots=True)
class Presentation:
    first: Sentence
    speaker: str
    line: str


def presentations(
    found: Sequence[Sentence], *, exclude: set[str], heads: set[str], limit: int
) -> list[Presentation]:
    """The longest stretches held by one named speaker, at most `limit`, in meeting order."""
    stretches = sorted(_stretches(found), key=lambda run: -sum(len(s.words) for s in run))
    everywhere = stem_counts(found)
    result = []
    for run in stretches[:limit]:
        elsewhere = everywhere - stem_counts(run)
        topics = keywords(run, top=3, exclude=exclude, elsewhere=elsewhere, heads=heads)
        speaker = run[0].speaker
        if topics and speaker:
            about = join([with_article(t) for t in topics])
            result.append(Presentation(run[0], speaker, f"{speaker} presented {about}."))
    return sorted(result, key=lambda p: p.first.index)


def _stretches(found: Sequence[Sentence]) -> list[list[Sentence]]:
    runs: list[list[Sentence]] = []
    current: list[Sentence] = []
    for s in found:
        if current and s.speaker != current[0].speaker:
            if len(s.words) <= _INTERRUPTION_WORDS:
                continue  # "mm-hmm", "sorry, which one?"
            runs.append(current)
            current = []
        current.append(s)
    runs.append(current)
    return [
        run
        for run in runs
        if run and run[0].speaker and sum(len(s.words) for s in run) >= _MIN_WORDS
    ]
