"""Which sentences a note-taker would keep.

The sentences that together cover most of what the meeting kept coming back to: each content
word (and each pair of them said together, "voice recognition") is a concept weighted by how
many sentences, and how many people, use it; sentences are picked greedily for the weight they
add per word (the concept-coverage idea of Gillick and Favre), so a second sentence saying the
same thing adds nothing and is not picked.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from integrations.offline.boilerplate import is_chatter
from integrations.offline.text import Sentence, content_words

_CONTEXT_WORDS = frozenset(
    "it this that they these those he she him her them there because but or although which "
    "and then also though exactly again plus nor yet still anyway besides otherwise therefore "
    "hence thus like whereas unless 'cause cause cuz if since it's that's they're he's "
    "she's".split()
)
_MIN_WORDS, _MAX_WORDS = 7, 40
# Weight per word^0.7: between the longest sentences (^0) and the shortest dense ones (^1).
_LENGTH_EXPONENT = 0.7
# A sentence with no verb at all is a fragment ("Simple button and speech recognition.").
_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|being|am|has|have|had|do|does|did|can|could|will|would|"
    r"should|shall|may|might|must|need|needs|want|wants|\w+ed|\w+'(?:s|re|ve|ll|d|m))\b|"
    r"\b(?:i|we|you|they|he|she|it|people|users?|customers?) \w+",
    re.IGNORECASE,
)
_CHATTY = re.compile(r"\b(?:okay|ok|yeah|alright|oh|hmm|wow)\b", re.IGNORECASE)
_NUMBER_WORDS = re.compile(
    r"\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|oh)\b", re.IGNORECASE
)
_PERSONAL = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|me|my|you|you're|your|you've|you'd)\b", re.I)


def stem(word: str) -> str:
    """A light stemmer, enough for "buttons"/"button" and "designs"/"design"."""
    word = word.lower().removesuffix("'s")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def concepts(text: str) -> set[str]:
    words = [stem(w) for w in content_words(text)]
    pairs = {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}
    return set(words) | pairs


def weights(found: Sequence[Sentence]) -> dict[str, float]:
    """How much each concept matters: the sentences that use it, times the people who do."""
    count: Counter[str] = Counter()
    speakers: defaultdict[str, set[str | None]] = defaultdict(set)
    for s in found:
        for concept in concepts(s.text):
            count[concept] += 1
            speakers[concept].add(s.speaker)
    result = {}
    for concept, n in count.items():
        # Said once, a word still counts a little: a short meeting repeats little.
        bonus = (1.5 if " " in concept else 1.0) * (1.0 if n >= 2 else 0.2)
        result[concept] = bonus * n * math.sqrt(len(speakers[concept]))
    return result


def candidates(found: Sequence[Sentence], exclude: set[int]) -> list[Sentence]:
    """Sentences that can stand on their own as a key point."""
    return [
        s
        for s in found
        if s.index not in exclude
        and not s.is_question
        and _MIN_WORDS <= len(s.words) <= _MAX_WORDS
        and not is_chatter(s.text)
        and len(content_words(s.text)) >= 3
        and (s.words[0].lower() not in _CONTEXT_WORDS)
        and _VERB.search(s.text) is not None
    ]


def select(
    pool: Sequence[Sentence], weight: dict[str, float], *, count: int, covered: set[str]
) -> list[Sentence]:
    """Up to `count` sentences that add the most uncovered weight per word, in meeting order.

    `covered` holds concepts already said elsewhere in the summary (decisions, the TL;DR)."""
    covered = set(covered)
    parts = {s.index: concepts(s.text) for s in pool}
    quality = {s.index: _quality(s) for s in pool}
    chosen: list[Sentence] = []
    remaining = list(pool)
    while remaining and len(chosen) < count:
        gains = [_gain(parts[s.index] - covered, weight, quality[s.index], s) for s in remaining]
        best = max(range(len(remaining)), key=gains.__getitem__)
        if gains[best] <= 0:
            break
        chosen.append(remaining.pop(best))
        covered |= parts[chosen[-1].index]
    return sorted(chosen, key=lambda s: s.index)


def _gain(new: set[str], weight: dict[str, float], quality: float, s: Sentence) -> float:
    added = sum(weight.get(c, 0.0) for c in new)
    return added * quality / math.pow(len(s.words), _LENGTH_EXPONENT)


def _quality(s: Sentence) -> float:
    """A sentence that starts mid-thought ("Because it ...") or trails off reads badly alone."""
    first = s.words[0].lower() if s.words else ""
    score = 0.5 if first in _CONTEXT_WORDS else 1.0
    if not s.text.endswith((".", "!")):
        score *= 0.7
    if re.search(r"\d|(?<=\w )[A-Z][a-z]+", s.text):
        score *= 1.1
    # Talk addressed to the room ("I", "you") is conversation; a point is said about the work.
    personal = len(_PERSONAL.findall(s.text)) + len(_CHATTY.findall(s.text))
    score *= max(0.5, 1 - 0.2 * personal)
    # "Channel B, one two three four five": a microphone check or digits read out.
    return score * (0.3 if len(_NUMBER_WORDS.findall(s.text)) > len(s.words) / 3 else 1.0)
