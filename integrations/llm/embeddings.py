"""Finding the moments of a meeting that answer a question by meaning: passages and question
compared by embeddings from the OpenAI-compatible server, falling back to BM25 when the
server has no embedding model."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

import numpy as np
import openai
import structlog

from core.domain import Passage
from integrations.offline.bm25 import BM25Ranker

log = structlog.get_logger(__name__)

_CACHED_MEETINGS = 16
_BATCH = 128


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
        except (openai.APIError, ValueError) as exc:  # ValueError: a body that is not JSON
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
