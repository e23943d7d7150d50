"""Sentences out of a transcript, as a note-taker would hear them: export headers dropped,
fillers, stutters and cut-off words removed, a sentence kept whole when someone else's "mm-hmm"
lands in the middle of it, and times kept."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.domain import Segment, Transcript
from integrations.offline.boilerplate import drop_headers
from integrations.offline.words import BACKCHANNELS, SHORT_WORDS, STOPWORDS

__all__ = ["STOPWORDS", "Sentence", "clean", "content_words", "sentences"]

# "you know" is a filler, except where it is said: "I'll let you know", "you know their lead".
_YOU_KNOW = (
    r"you know(?<!let you know)(?<!do you know)(?<!did you know)(?<!if you know)"
    r"(?<!as you know)(?<!will you know)(?<!would you know)"
    r"(?! (?:their|his|her|him|them|anyone|someone|whether|if|about|how|who|when|where)\b)"
)
_FILLERS = re.compile(
    r"(?<![\w'-])(?:um+|uh+|erm+|er|eh|ah+|hmm+|mm+|mhm|mm-hmm|uh-huh|" + _YOU_KNOW + r"|i mean|"
    r"(?<!what )(?<!which )(?<!this )(?<!that )(?<!some )(?<!any )(?<!the )(?:sort|kind) of)"
    r"(?![\w'-])[,.]?\s*",
    re.IGNORECASE,
)
_HEDGES = re.compile(
    r"(?:,\s*)?\b(?:i think|i guess|i suppose|i mean|"
    + _YOU_KNOW
    + r"|basically|actually|just|really|"
    r"literally|obviously)\b(?:\s*,)?(?=\s)",
    re.IGNORECASE,
)
_LEAD_INS = re.compile(
    r"^(?:(?:so|and|but|okay|ok|yeah|yes|yep|well|right|alright|now|anyway|like|oh|"
    r"i think|i guess|i suppose|i mean|basically|actually|you know)\b[,.]?\s+)+",
    re.IGNORECASE,
)
_REPEATS = re.compile(r"\b((?:[\w']+\s+){0,3}[\w']+)(?:[,\s]+\1\b)+", re.IGNORECASE)
_TOKEN = re.compile(r"(?<![\w'-])([a-z]{1,2})(?:-(?=\s|$)|(?![\w'-]))")
_CUT_OFF = re.compile(r"(?<![\w'-])[A-Za-z]+-(?=\s|$)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[A-Za-z\u00C0-\u024F][\w'\-]*")
_MAX_WORDS = 70  # unpunctuated speech still has to be cut somewhere


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: float
    speaker: str | None
    text: str  # cleaned, as it will be shown
    # The words it opened with before cleaning ("okay so"): a conclusion is often said so.
    lead: str = ""

    @property
    def words(self) -> list[str]:
        return _WORD.findall(self.text)

    @property
    def is_question(self) -> bool:
        return self.text.endswith("?")

    @property
    def is_backchannel(self) -> bool:
        words = [w.lower() for w in self.words]
        return len(words) <= 3 and all(w in BACKCHANNELS for w in words)


def _drop_fragments(text: str) -> str:
    """ "we w we want the th button" -> "we we want the button": lowercase one- and
    two-letter tokens that are not words, and words cut off with a dash."""
    text = _CUT_OFF.sub("", text)
    return _TOKEN.sub(lambda m: m[0] if m[1] in SHORT_WORDS else "", text)


def lead_in(text: str) -> str:
    """The lead-in words `clean` drops from the start, lowercase: "okay, so, um, we'll" -> "okay
    so"."""
    found = _LEAD_INS.match(_FILLERS.sub("", text[:100]).strip(" ,"))
    return " ".join(re.findall(r"[a-z']+", found[0].lower())) if found else ""


def clean(text: str) -> str:
    """Drop fillers, stutters, cut-off words and lead-ins ("So, um, yeah, I think we ...")."""
    text = _FILLERS.sub("", text)
    text = _HEDGES.sub("", text)
    text = re.sub(r",\s*like,\s*", ", ", text)  # "That's, like, not using it"
    text = re.sub(r"^([B-HJ-Z]) (?=\1)", "", text.strip(), flags=re.IGNORECASE)  # "S so we"
    text = _drop_fragments(text)
    text = re.sub(r"\s+", " ", text)
    text = _REPEATS.sub(r"\1", text)
    text = re.sub(r"([,.!?])(?:\s*[,.])+", r"\1", text)
    text = _LEAD_INS.sub("", text.strip(" ,"))
    text = re.sub(r"\s+([,.!?])", r"\1", text).strip(" ,")
    text = re.sub(r",([.!?])$", r"\1", text)
    return text[:1].upper() + text[1:] if text else text


@dataclass
class _Splitter:
    """Joins segments into sentences. A short backchannel from someone else ("mm-hmm")
    becomes its own sentence without cutting the speaker's sentence in two."""

    result: list[Sentence] = field(default_factory=list)
    buffer: list[str] = field(default_factory=list)
    start: float = 0.0
    speaker: str | None = None

    def flush(self) -> None:
        said = " ".join(self.buffer)
        text = clean(said)
        if text:
            self.result.append(
                Sentence(len(self.result), self.start, self.speaker, text, lead_in(said))
            )
        self.buffer.clear()

    def add(self, segment: Segment) -> None:
        if self.buffer and segment.speaker != self.speaker:
            if _is_backchannel(segment.text):
                text = clean(segment.text)
                if text:
                    self.result.append(
                        Sentence(len(self.result), segment.start, segment.speaker, text)
                    )
                return
            self.flush()
        pieces = _SENTENCE_END.split(segment.text.strip())
        for i, piece in enumerate(pieces):
            if not self.buffer:
                self.start, self.speaker = segment.start, segment.speaker
            self.buffer.append(piece)
            ended = i < len(pieces) - 1 or piece.rstrip().endswith((".", "!", "?"))
            if ended or sum(len(p.split()) for p in self.buffer) >= _MAX_WORDS:
                self.flush()


def _is_backchannel(text: str) -> bool:
    words = [w.lower() for w in _WORD.findall(text)]
    return len(words) <= 3 and all(w in BACKCHANNELS for w in words)


def sentences(transcript: Transcript) -> list[Sentence]:
    """Split the transcript into sentences; a sentence may run across segments."""
    splitter = _Splitter()
    for segment in drop_headers(transcript.segments):
        splitter.add(segment)
    if splitter.buffer:
        splitter.flush()
    return splitter.result


def content_words(text: str) -> list[str]:
    words = (x.lower() for x in _WORD.findall(text))
    return [w for w in words if w not in STOPWORDS and (len(w) > 2 or any(c.isdigit() for c in w))]
