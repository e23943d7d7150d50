"""Which sentences matter, where the topic changes, and what each part is about.

Plain lexical statistics: TF-IDF vectors per sentence, centrality (how much a sentence shares
with the rest of the meeting, as in LexRank) and maximal marginal relevance so the chosen
sentences do not repeat each other. Topic changes are the points where the words used in the
minute before and the minute after overlap least (the idea of TextTiling).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from integrations.offline.text import Sentence, content_words

_BLOCK_SECONDS = 60.0
_REDUNDANCY = 0.7
_CONTEXT_WORDS = frozenset("it this that they these those he she him her them there".split())


def tfidf(documents: Sequence[list[str]]) -> np.ndarray:
    """Rows are L2-normalised TF-IDF vectors, one per document (a list of words)."""
    vocabulary: dict[str, int] = {}
    for words in documents:
        for word in words:
            vocabulary.setdefault(word, len(vocabulary))
    matrix = np.zeros((len(documents), max(1, len(vocabulary))), dtype=np.float32)
    for row, words in enumerate(documents):
        for word, count in Counter(words).items():
            matrix[row, vocabulary[word]] = 1 + math.log(count)
    document_frequency = np.count_nonzero(matrix, axis=0)
    matrix *= np.log((1 + len(documents)) / (1 + document_frequency)) + 1
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def rank(candidates: list[Sentence], count: int) -> list[Sentence]:
    """Pick `count` central, specific, non-redundant sentences, returned in meeting order."""
    if not candidates or count <= 0:
        return []
    vectors = tfidf([content_words(s.text) for s in candidates])
    similarity = vectors @ vectors.T
    centrality = similarity.sum(axis=1) - 1
    scores = centrality * np.array([_shape(s) for s in candidates], dtype=np.float32)
    chosen: list[int] = []
    while len(chosen) < min(count, len(candidates)):
        penalty = similarity[:, chosen].max(axis=1) if chosen else np.zeros(len(candidates))
        adjusted = np.where(penalty > _REDUNDANCY, -np.inf, scores - scores.max() * penalty * 0.5)
        adjusted[chosen] = -np.inf
        best = int(np.argmax(adjusted))
        if not np.isfinite(adjusted[best]):
            break
        chosen.append(best)
    return [candidates[i] for i in sorted(chosen)]


def _shape(s: Sentence) -> float:
    """Prefer sentences long enough to say something and short enough to read; numbers and
    names make a sentence specific."""
    words = len(s.words)
    length = min(1.0, words / 12) * (1.0 if words <= 35 else 35 / words)
    specific = 1.25 if re.search(r"\d|(?<=\w )[A-Z][a-z]+", s.text) else 1.0
    # "It only happens when..." means nothing out of its context.
    dependent = 0.5 if s.words and s.words[0].lower() in _CONTEXT_WORDS else 1.0
    return length * specific * dependent


def keywords(
    sentences: Sequence[Sentence],
    *,
    background: Sequence[Sentence] = (),
    top: int = 3,
    exclude: frozenset[str] | set[str] = frozenset(),
) -> list[str]:
    """The phrases that characterise `sentences` (against `background`, when given)."""
    counts: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for s in sentences:
        words = [w for w in content_words(s.text) if w not in exclude]
        counts.update(words)
        pairs.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    # A repeated pair ("login bug") names a topic better than either word alone.
    counts.update({pair: 2 * n for pair, n in pairs.items() if n >= 2})
    scores: dict[str, float] = dict(counts)
    if background:
        elsewhere: Counter[str] = Counter()
        for s in background:
            elsewhere.update(content_words(s.text))
        for phrase, count in counts.items():
            scores[phrase] = count / (1 + sum(elsewhere[w] for w in phrase.split()) / 4)
    phrases: list[str] = []
    for phrase, score in sorted(scores.items(), key=lambda item: -item[1]):
        if len(phrases) == top or score < 2 and len(phrases) >= 1:
            break
        if any(set(phrase.split()) & set(kept.split()) for kept in phrases):
            continue
        phrases.append(phrase)
    return phrases


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
