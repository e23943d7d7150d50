"""What a meeting, or a part of it, was about, and where the topic changes.

Topics are the phrases people kept saying: runs of one to three content words ("voice
recognition", "login bug") with no verb in front and no name in them, counted by how often and
by how many people they were said. Topic changes are the points where the words used in the
minute before and the minute after overlap least (the idea of TextTiling).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np

from integrations.offline.rank import stem
from integrations.offline.text import Sentence, content_words
from integrations.offline.words import DAYS, NOT_TOPICS, STOPWORDS, VERBS

_BLOCK_SECONDS = 60.0
_RUN = re.compile(r"[A-Za-z][\w'\-]*|[^\sA-Za-z]+")
_WEAK = frozenset("part point question problem issue case example reason side end".split())
_DETERMINERS = frozenset(
    "the a an this that these those our my your their his her its some any each every no of "
    "another new first whole".split()
)
_VERB_CONTEXT = frozenset(
    "to will 'll can could would should might must i we you they he she don't didn't doesn't "
    "won't can't let's please i'll we'll you'll they'll i'd we'd".split()
)
_NUMBERS = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve twenty thirty forty "
    "fifty sixty seventy eighty ninety hundred thousand million first second third".split()
)


def nouns(found: Sequence[Sentence]) -> set[str]:
    """Words used as the head of a noun phrase in this meeting, told by where they stand:
    the phrase they end comes after "the", "a", "our" more often than the word comes after
    "to", "will", "we"; and they end runs of content words ("the case", "a rubber case") more
    often than they sit inside one ("spongy case")."""
    as_noun: Counter[str] = Counter()
    as_verb: Counter[str] = Counter()
    head: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    for s in found:
        for before, run in _runs_after(s.text):
            last = run[-1].lower()
            head[last] += 1
            inside.update(w.lower() for w in run[:-1])
            if before in _DETERMINERS:
                as_noun[last] += 1
            elif before in _VERB_CONTEXT:
                as_verb[run[0].lower()] += 1
    verbs = {w for w in head if w.endswith("s") and w[:-1] in VERBS}  # "comes", "knows"
    return {
        w
        for w in head.keys() - verbs
        if as_noun[w] >= as_verb[w] and as_noun[w] > 0 and head[w] >= inside[w] / 2
    }


def _runs_after(text: str) -> list[tuple[str, list[str]]]:
    """Runs of content words, each with the token said just before it."""
    result: list[tuple[str, list[str]]] = []
    before, run = ".", []
    for token in _RUN.findall(text):
        lower = token.lower()
        if token[0].isalpha() and lower not in STOPWORDS and len(lower) > 2:
            run.append(token)
            continue
        if run:
            result.append((before, run))
            run = []
        before = lower
    if run:
        result.append((before, run))
    return result


def phrases(
    found: Sequence[Sentence],
    *,
    exclude: frozenset[str] | set[str] = frozenset(),
    heads: set[str] | None = None,
) -> list[tuple[str, float]]:
    """Noun-like phrases and their weight, best first. A word said mostly inside a longer
    phrase ("control" in "remote control") gives way to that phrase."""
    heads = nouns(found) if heads is None else heads
    count: Counter[str] = Counter()
    speakers: defaultdict[str, set[str | None]] = defaultdict(set)
    surface: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for s in found:
        for run in _runs(s.text, exclude):
            for words in _grams(run, heads):
                key = " ".join(stem(w) for w in words)
                count[key] += 1
                speakers[key].add(s.speaker)
                surface[key][" ".join(words)] += 1
    weight = {
        key: n * (1 + key.count(" ")) * math.sqrt(len(speakers[key]))
        for key, n in count.items()
        if n >= 2
    }
    for key in [k for k in weight if " " in k]:
        for word in key.split():
            if word in weight and count[key] >= count[word] / 2:
                weight[key] = max(weight[key], weight.pop(word))
    ranked = sorted(weight.items(), key=lambda item: -item[1])
    return [(_shown(surface[key]), w) for key, w in ranked]


def _grams(run: list[str], heads: set[str]) -> list[list[str]]:
    grams = []
    for size in range(1, min(3, len(run)) + 1):
        for i in range(len(run) - size + 1):
            words = run[i : i + size]
            first, last = words[0].lower(), words[-1].lower()
            if first in VERBS or last in _WEAK or last in NOT_TOPICS or first in _NUMBERS:
                continue
            if size == 1 and (first in NOT_TOPICS or first.endswith("ly")):
                continue
            if last not in heads and not words[-1].isupper():
                continue
            grams.append(words)
    return grams


def _runs(text: str, exclude: frozenset[str] | set[str]) -> list[list[str]]:
    """Maximal runs of content words, split at function words and punctuation."""
    runs: list[list[str]] = [[]]
    for token in _RUN.findall(text):
        lower = token.lower()
        keep = (
            token[0].isalpha()
            and lower not in STOPWORDS
            and lower not in DAYS
            and lower not in exclude
            and len(lower) > 2
        )
        if keep:
            runs[-1].append(token)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def _shown(forms: Counter[str]) -> str:
    """The way it was said most often, in lowercase unless it is an acronym or a name."""
    form = forms.most_common(1)[0][0]
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in form.split())


def keywords(
    found: Sequence[Sentence],
    *,
    top: int = 3,
    exclude: frozenset[str] | set[str] = frozenset(),
    elsewhere: Counter[str] | None = None,
    ratio: float = 0.0,
    heads: set[str] | None = None,
) -> list[str]:
    """The `top` phrases that say most about `found`, sharing no word with each other, each
    weighing at least `ratio` of the first.

    With `elsewhere` (stem counts of the rest of the meeting), phrases said as much elsewhere
    count for less: what sets this part apart."""
    scored = phrases(found, exclude=exclude, heads=heads)
    if elsewhere:
        scale = max(1, sum(elsewhere.values())) / max(1, len(found) * 10)
        scored = [
            (p, w / (1 + sum(elsewhere[stem(x)] for x in p.split()) / scale / 4)) for p, w in scored
        ]
        scored.sort(key=lambda item: -item[1])
    chosen: list[str] = []
    for phrase, score in scored:
        if chosen and score < ratio * scored[0][1]:
            break
        stems = {stem(w) for w in phrase.split()}
        if any(stems & {stem(w) for w in kept.split()} for kept in chosen):
            continue
        chosen.append(phrase)
        if len(chosen) == top:
            break
    return chosen


def stem_counts(found: Sequence[Sentence]) -> Counter[str]:
    return Counter(stem(w) for s in found for w in content_words(s.text))


def tfidf(documents: Sequence[list[str]]) -> np.ndarray:
    """Rows are L2-normalised TF-IDF vectors, one per document (a list of words)."""
    vocabulary: dict[str, int] = {}
    for words in documents:
        for word in words:
            vocabulary.setdefault(word, len(vocabulary))
    matrix = np.zeros((len(documents), max(1, len(vocabulary))), dtype=np.float32)
    for row, words in enumerate(documents):
        for word, n in Counter(words).items():
            matrix[row, vocabulary[word]] = 1 + math.log(n)
    document_frequency = np.count_nonzero(matrix, axis=0)
    matrix *= np.log((1 + len(documents)) / (1 + document_frequency)) + 1
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def topic_breaks(found: list[Sentence], *, duration: float, chapters: int) -> list[int]:
    """Indexes of the sentences that start a new chapter (the first one always does)."""
    if not found:
        return []
    blocks = _blocks(found)
    if chapters <= 1 or len(blocks) < 4:
        return [0]
    vectors = tfidf([[w for s in block for w in content_words(s.text)] for block in blocks])
    gaps = []
    for gap in range(1, len(blocks)):
        before = vectors[max(0, gap - 2) : gap].sum(axis=0)
        after = vectors[gap : gap + 2].sum(axis=0)
        denominator = float(np.linalg.norm(before) * np.linalg.norm(after)) or 1.0
        gaps.append((float(before @ after) / denominator, gap))
    min_blocks = max(2, int(duration / _BLOCK_SECONDS / (chapters * 2)))
    starts = [0]
    for _, gap in sorted(gaps):
        if len(starts) == chapters:
            break
        if all(abs(gap - s) >= min_blocks for s in starts) and len(blocks) - gap >= min_blocks:
            starts.append(gap)
    return sorted(blocks[b][0].index for b in starts)


def _blocks(found: list[Sentence]) -> list[list[Sentence]]:
    blocks: list[list[Sentence]] = [[]]
    for s in found:
        if blocks[-1] and s.start - blocks[-1][0].start >= _BLOCK_SECONDS:
            blocks.append([])
        blocks[-1].append(s)
    return blocks
