"""Sentences out of a transcript, with fillers removed and times kept."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.domain import Transcript

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do does
    doesn't doing don't down during each few for from further get gets getting got had hadn't has
    hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his how
    how's i i'd i'll i'm i've if in into is isn't it it's its itself just let's like me more most
    mustn't my myself no nor not now of off on once only or other ought our ours ourselves out over
    own really right same shan't she she'd she'll she's should shouldn't so some such than that
    that's the their theirs them themselves then there there's these they they'd they'll they're
    they've thing things this those through to too under until up us very was wasn't we we'd we'll
    we're we've were weren't what what's when when's where where's which while who who's whom why
    why's will with won't would wouldn't yes yeah yep you you'd you'll you're you've your yours
    yourself yourselves okay ok um uh hmm mm gonna wanna kind sort lot lots maybe actually basically
    think know mean going want need one two well guess stuff something anything everything good
    great sure thanks thank hi hello bye say said see look go make take come back still even much
    many way time bit decided decide agreed agree discussed discuss talked yesterday today
    tomorrow tonight morning afternoon evening week weeks day days last next first everyone
    everybody anyone someone guys folks pretty probably definitely totally literally oh ah
    alright cool""".split()
)

_FILLERS = re.compile(
    r"\b(?:um+|uh+|erm|hmm+|mm+|you know|i mean|sort of|kind of)\b[,.]?\s*", re.IGNORECASE
)
_LEAD_INS = re.compile(
    r"^(?:(?:so|and|but|okay|ok|yeah|yes|well|right|alright|now|anyway|like|oh)\b[,.]?\s+)+",
    re.IGNORECASE,
)
_REPEATS = re.compile(r"\b(\w+)(?:[,\s]+\1\b)+", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[A-Za-z\u00C0-\u024F][\w'\-]*")


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: float
    speaker: str | None
    text: str  # cleaned, as it will be shown

    @property
    def words(self) -> list[str]:
        return _WORD.findall(self.text)

    @property
    def is_question(self) -> bool:
        return self.text.endswith("?")


def clean(text: str) -> str:
    """Drop fillers, stutters and lead-ins ("So, um, yeah, we ...") and fix capitalisation."""
    text = _FILLERS.sub("", text)
    text = _REPEATS.sub(r"\1", text)
    text = _LEAD_INS.sub("", text.strip())
    text = re.sub(r"\s+([,.!?])", r"\1", re.sub(r"\s+", " ", text)).strip(" ,")
    return text[:1].upper() + text[1:] if text else text


def sentences(transcript: Transcript) -> list[Sentence]:
    """Split the transcript into sentences; a sentence may run across Whisper segments."""
    result: list[Sentence] = []
    buffer: list[str] = []
    start = 0.0
    speaker: str | None = None

    def flush() -> None:
        text = clean(" ".join(buffer))
        if text:
            result.append(Sentence(len(result), start, speaker, text))
        buffer.clear()

    for segment in transcript.segments:
        if buffer and segment.speaker != speaker:
            flush()
        pieces = _SENTENCE_END.split(segment.text.strip())
        for i, piece in enumerate(pieces):
            if not buffer:
                start, speaker = segment.start, segment.speaker
            buffer.append(piece)
            if i < len(pieces) - 1 or piece.rstrip().endswith((".", "!", "?")):
                flush()
    if buffer:
        flush()
    return result


def content_words(text: str) -> list[str]:
    words = (x.lower() for x in _WORD.findall(text))
    return [w for w in words if w not in STOPWORDS and (len(w) > 2 or any(c.isdigit() for c in w))]
