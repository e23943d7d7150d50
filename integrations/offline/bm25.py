"""Finding the moments of a meeting that answer a question by the words themselves (BM25):
used without a language model, and when the model's server has no embedding model."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rank_bm25 import BM25Okapi

from core.domain import Passage
from integrations.offline.text import content_words


def _tokens(text: str) -> list[str]:
    # Drop the "[m:ss] Speaker:" prefixes so times and names do not match every question.
    text = re.sub(r"^\[[\d:]+\]\s*(?:[^:\n]{1,40}:\s)?", "", text, flags=re.MULTILINE)
    return [w.rstrip("s") if len(w) > 4 else w for w in content_words(text)]


class BM25Ranker:
    async def rank(
        self, job_id: str, passages: Sequence[Passage], query: str, *, top: int
    ) -> list[Passage]:
        corpus = [_tokens(p.text) for p in passages]
        query_tokens = _tokens(query)
        if not passages or not query_tokens or not any(corpus):
            return []
        scores = BM25Okapi(corpus).get_scores(query_tokens)
        # In a short meeting a word can be in most passages, which gives BM25 negative weights;
        # what counts is that the passage shares a word with the question at all.
        wanted = set(query_tokens)
        matching = [i for i, words in enumerate(corpus) if wanted.intersection(words)]
        matching.sort(key=lambda i: -scores[i])
        return [passages[i] for i in matching[:top]]
