"""Answers to thread questions from an OpenAI-compatible chat model."""

from __future__ import annotations

import json
from collections.abc import Sequence

import openai

from core.domain import Passage, Summary, Turn
from core.errors import StageFailed
from integrations.llm.errors import translate_openai_error, unreadable_reply
from integrations.llm.prompts import ANSWER_RULES

_HISTORY_TURNS = 6


class OpenAIAnswerer:
    def __init__(self, client: openai.AsyncOpenAI, *, model: str) -> None:
        self._client = client
        self._model = model

    async def answer(
        self, question: str, passages: Sequence[Passage], history: Sequence[Turn], summary: Summary
    ) -> str:
        excerpts = "\n\n".join(p.text for p in sorted(passages, key=lambda p: p.start))
        context = (
            f"Meeting: {summary.title}\nSummary: {summary.tldr}\n\n"
            f"Transcript excerpts:\n{excerpts or '(none matched the question)'}"
        )
        messages = [
            {"role": "system", "content": ANSWER_RULES},
            {"role": "user", "content": context},
            *({"role": t.role, "content": t.text} for t in history[-_HISTORY_TURNS:]),
            {"role": "user", "content": question},
        ]
        try:
            response = await self._client.chat.completions.create(
                model=self._model,
                messages=messages,  # type: ignore[arg-type]
            )
        except openai.APIError as exc:
            raise translate_openai_error(exc, self._model, stage="answer") from None
        except json.JSONDecodeError:
            raise unreadable_reply(self._model, stage="answer") from None
        if not response.choices or not response.choices[0].message.content:
            raise StageFailed("the language model gave no answer", stage="answer")
        return response.choices[0].message.content.strip()
