"""Fixtures for the LLM adapters: real `openai` clients pointed at the loopback fake."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import openai
import pytest

from integrations.llm.summarizer import OpenAISummarizer
from integrations.llm.tokens import build_token_counter
from tests.integrations.llm.support import MODEL


@pytest.fixture
async def clients() -> AsyncIterator[list[openai.AsyncOpenAI]]:
    made: list[openai.AsyncOpenAI] = []
    yield made
    for client in made:
        await client.close()


@pytest.fixture
def summarizer(clients: list[openai.AsyncOpenAI]) -> Callable[..., OpenAISummarizer]:
    def build(url: str, *, retries: int = 2, chunk_tokens: int = 4000) -> OpenAISummarizer:
        client = openai.AsyncOpenAI(base_url=f"{url}/v1", api_key="test", max_retries=retries)
        clients.append(client)
        return OpenAISummarizer(
            client, model=MODEL, count_tokens=build_token_counter(), chunk_tokens=chunk_tokens
        )

    return build
