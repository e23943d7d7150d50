"""The OpenAI-compatible client, built from settings: any server that speaks OpenAI's API
(OpenAI, Azure, vLLM, Ollama, llama.cpp), with the SDK's own retries and timeout."""

from __future__ import annotations

import openai

from core.settings import Settings


def build_llm_client(settings: Settings) -> openai.AsyncOpenAI:
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
    return openai.AsyncOpenAI(
        api_key=key,
        base_url=settings.openai_base_url,
        max_retries=settings.llm_max_retries,
        timeout=settings.llm_timeout_s,
    )
