"""Finding the moments of a meeting that answer a question.

With an OpenAI-compatible server, passages and question are compared by embeddings (meaning,
not just shared words); without one, or when the server has no embedding model, by BM25 over
the words themselves.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np
import openai
import structlog
from rank_bm25 import BM25Okapi

from core.answers import Passage
from integrations.offline.text import content_words

log = structlog.get_logger(__name__)

_CACHED_MEETINGS = 16
_BATCH = 128


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


class EmbeddingRanker:
    """Ranks by cosine similarity of embeddings; passage vectors are kept per meeting."""

    def __init__(self, client: openai.AsyncOpenAI, *, model: str, fallback: BM25Ranker) -> None:
        self._client = client
        self._model = model
        self._fallback = fallback
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()

    async def rank(
        self, job_id: str, passages: Sequence[Passage], query: str, *, top: int
    ) -> list[Passage]:
        if not passages:
            return []
        try:
            vectors = await self._passage_vectors(job_id, passages)
            (query_vector,) = await self._embed([query])
        except openai.APIError as exc:
            log.warning(
                "retrieval.embeddings_unavailable", model=self._model, reason=type(exc).__name__
            )
            return await self._fallback.rank(job_id, passages, query, top=top)
        scores = vectors @ query_vector
        order = np.argsort(-scores)[:top]
        return [passages[i] for i in order]

    async def _passage_vectors(self, job_id: str, passages: Sequence[Passage]) -> np.ndarray:
        cached = self._vectors.get(job_id)
        if cached is None or len(cached) != len(passages):
            chunks = [
                await self._embed([p.text for p in passages[i : i + _BATCH]])
                for i in range(0, len(passages), _BATCH)
            ]
            cached = np.vstack(chunks)
            self._vectors[job_id] = cached
            while len(self._vectors) > _CACHED_MEETINGS:
                self._vectors.popitem(last=False)
        self._vectors.move_to_end(job_id)
        return cached

    async def _embed(self, texts: list[str]) -> np.ndarray:
        response = await self._client.embeddings.create(model=self._model, input=texts)
        matrix = np.array([item.embedding for item in response.data], dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return matrix / np.where(norms == 0, 1, norms)
