"""What to keep of Whisper's output, and whether the speech it heard was understood at all.

Whisper writes something for every chunk of audio it is given, speech or not. Three signs from
its own scores tell its inventions apart, applied per chunk (the batched pipeline scores a
whole chunk, up to 30 s) and per segment (a sentence or phrase):

* a segment that repeats itself (compression ratio over 2.4, Whisper's own sign of a loop);
* a chunk made of one phrase said over and over ("Thank you very much." four times or more,
  at least half the chunk): the same loop, cut into short segments by the time tokens;
* a chunk Whisper thinks is probably not speech and is unsure of (no_speech_prob over 0.6 and
  average log-probability under -0.5).

An English-only model given speech in another language does not fall silent: it writes
fluent-looking English it is unsure of, or loops. `Understanding` adds up how much of the
speech the VAD found came back as text Whisper was sure of, so such a recording can be
refused with a reason instead of being summarized as nonsense or reported as silent.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

_LOOPING = 2.4
_NO_SPEECH_PROB = 0.6
_LOW_LOGPROB = -0.5
_REPEATS = 4  # the same phrase this many times in one chunk ...
_REPEATED_SHARE = 0.5  # ... making up at least this share of its segments: a loop
# A chunk is understood when Whisper was this sure of its words on average. With tiny.en,
# English speech of 4 s or more scored -0.13 to -0.43 (108 real telephone prompts, three real
# voices under brown and pink noise down to 14 dB SNR, the espeak sample meeting); a noisy
# Apollo radio loop -0.29 and -0.68. Speech in German, French, Spanish, Italian or Japanese
# scored -0.5 to -1.4 where it did not loop. Shorter English (2.5 to 3 s) went down to -0.77.
_UNDERSTOOD_LOGPROB = -0.6
# So a recording is refused only when the VAD found at least this much speech and less than
# this share of it was understood (the Apollo loop: 45 %): a meeting with some English in it is
# transcribed, whatever else is said in it.
_MIN_FOUND_SECONDS = 4.0
_MIN_UNDERSTOOD_SHARE = 0.25


@dataclass(frozen=True, slots=True)
class ChunkVerdict:
    kept: list[Any]  # the segments worth keeping, in order
    understood: bool


def judge_chunk(pieces: Sequence[Any]) -> ChunkVerdict:
    """Keep the segments of one chunk (faster-whisper Segments sharing a `seek`) that are
    speech, and say whether the chunk was understood."""
    if not pieces or _is_loop(pieces):
        return ChunkVerdict([], understood=False)
    kept = [
        p
        for p in pieces
        if _has_words(p.text) and p.compression_ratio <= _LOOPING and not _unsure_non_speech(p)
    ]
    # Each decoding pass over the chunk scores all the segments it wrote (see batched.py).
    logprob = sum(p.avg_logprob for p in pieces) / len(pieces)
    return ChunkVerdict(kept, understood=bool(kept) and logprob >= _UNDERSTOOD_LOGPROB)


def _unsure_non_speech(piece: Any) -> bool:
    return bool(piece.no_speech_prob > _NO_SPEECH_PROB and piece.avg_logprob < _LOW_LOGPROB)


def _has_words(text: str) -> bool:
    return bool(re.search(r"\w", text))


def _is_loop(pieces: Sequence[Any]) -> bool:
    phrases = Counter(_normalised(p.text) for p in pieces)
    _phrase, count = phrases.most_common(1)[0]
    return count >= _REPEATS and count >= _REPEATED_SHARE * len(pieces)


def _normalised(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


@dataclass(slots=True)
class Understanding:
    """Seconds of speech found by the VAD, and how many of them Whisper understood."""

    found_seconds: float = 0.0
    understood_seconds: float = 0.0

    def add(self, seconds: float, *, understood: bool) -> None:
        self.found_seconds += seconds
        if understood:
            self.understood_seconds += seconds

    @property
    def not_understood(self) -> bool:
        return (
            self.found_seconds >= _MIN_FOUND_SECONDS
            and self.understood_seconds < _MIN_UNDERSTOOD_SHARE * self.found_seconds
        )
