"""A loopback imitation of the parts of the OpenAI REST API that Scribe uses."""

from __future__ import annotations

import base64
import hashlib
import math
import re
import struct
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

CHAT_PATH = "/v1/chat/completions"
EMBEDDINGS_PATH = "/v1/embeddings"
EMBEDDING_DIM = 256
MODELS = ("gpt-4o-mini", "gpt-4o", "text-embedding-3-small")

_TOKEN_RE = re.compile(r"\w+")

# Real OpenAI error `type`/`code` per status, so SDK error mapping sees familiar bodies.
_ERROR_KINDS: dict[int, tuple[str, str | None, str]] = {
    400: ("invalid_request_error", None, "Invalid request."),
    401: ("invalid_request_error", "invalid_api_key", "Incorrect API key provided."),
    404: ("invalid_request_error", "model_not_found", "The model does not exist."),
    429: ("requests", "rate_limit_exceeded", "Rate limit reached. Please try again later."),
    500: ("server_error", None, "The server had an error while processing your request."),
    503: ("server_error", None, "The engine is currently overloaded, please try again later."),
}


def error_body(status: int, message: str | None = None) -> dict[str, Any]:
    """Build the ``{"error": {...}}`` shape the OpenAI API answers failures with."""
    kind, code, default_message = _ERROR_KINDS.get(status, ("api_error", None, "Error."))
    return {
        "error": {"message": message or default_message, "type": kind, "param": None, "code": code}
    }


def embed(text: str, dim: int = EMBEDDING_DIM) -> list[float]:
    """Deterministic L2-normalised hashed bag of lowercase words.

    sha256 rather than ``hash()`` because str hashing is salted per process.
    Texts sharing words get a higher cosine similarity, which is all retrieval
    tests need. A text with no word tokens maps to a fixed unit vector so
    callers never divide by a zero norm.
    """
    vec = [0.0] * dim
    for token in _TOKEN_RE.findall(text.lower()):
        digest = hashlib.sha256(token.encode()).digest()
        vec[int.from_bytes(digest[:4], "little") % dim] += 1.0
    norm = math.sqrt(sum(v * v for v in vec))
    if norm == 0.0:
        vec[0] = 1.0
        return vec
    return [v / norm for v in vec]


def _no_reply_scripted(body: dict[str, Any]) -> str:
    raise AssertionError(
        "FakeOpenAI: chat completion requested but no reply was scripted; "
        "call queue_reply() or set .responder (messages: "
        f"{[m.get('content') for m in body.get('messages', [])]!r:.300})"
    )


@dataclass(frozen=True)
class _ScriptedError:
    status: int
    retry_after: float | None
    body: dict[str, Any]


@dataclass(frozen=True)
class _Refusal:
    text: str


@dataclass(frozen=True)
class _Raw:
    body: str
    status: int


class FakeOpenAI:
    """Imitates OpenAI's ``/v1`` chat completions, embeddings and models endpoints.

    Quirks reproduced: the SDK asks for ``encoding_format="base64"`` embeddings
    by default (little-endian float32, base64), errors use the
    ``{"error": {message, type, param, code}}`` shape, 429s may carry
    ``retry-after`` (seconds, floats allowed), and responses carry an
    ``x-request-id`` header. Streaming is not imitated and is refused with 400.
    """

    def __init__(self) -> None:
        self.url = ""  # set while served (tests.fakes.server.serving)
        self.requests: list[dict[str, Any]] = []
        self.responder: Callable[[dict[str, Any]], str] = _no_reply_scripted
        self._scripts: dict[str, deque[str | _ScriptedError | _Refusal | _Raw]] = {
            CHAT_PATH: deque(),
            EMBEDDINGS_PATH: deque(),
        }
        self._lock = threading.Lock()
        self._counter = 0
        self.app = FastAPI()
        self.app.post(CHAT_PATH)(self._chat)
        self.app.post(EMBEDDINGS_PATH)(self._embeddings)
        self.app.get("/v1/models")(self._models)

    # -- scripting -----------------------------------------------------------

    def queue_reply(self, content: str) -> None:
        """Answer the next unscripted chat completion with ``content``."""
        with self._lock:
            self._scripts[CHAT_PATH].append(content)

    def queue_error(
        self,
        status: int,
        *,
        retry_after: float | None = None,
        body: dict[str, Any] | None = None,
        path: str = CHAT_PATH,
    ) -> None:
        """Answer the next request to ``path`` with an HTTP error, in script order."""
        with self._lock:
            self._scripts[path].append(
                _ScriptedError(status, retry_after, body or error_body(status))
            )

    def queue_refusal(self, text: str) -> None:
        """Answer the next chat completion with a refusal (``content`` null, ``refusal`` set),
        as models do when they decline to answer."""
        with self._lock:
            self._scripts[CHAT_PATH].append(_Refusal(text))

    def queue_raw(self, body: str, *, status: int = 200) -> None:
        """Answer the next chat completion with ``body`` as is, labelled JSON (a broken proxy or
        server)."""
        with self._lock:
            self._scripts[CHAT_PATH].append(_Raw(body, status))

    def chat_requests(self) -> list[dict[str, Any]]:
        """Bodies of every chat completion request, oldest first."""
        return [r["json"] for r in list(self.requests) if r["path"] == CHAT_PATH]

    # -- plumbing ------------------------------------------------------------

    def _next_id(self) -> int:
        with self._lock:
            self._counter += 1
            return self._counter

    async def _record(self, request: Request) -> dict[str, Any] | None:
        body = await request.json() if request.method == "POST" else None
        self.requests.append(
            {
                "path": request.url.path,
                "headers": {k.lower(): v for k, v in request.headers.items()},
                "json": body,
            }
        )
        return body

    def _json(self, content: dict[str, Any], status: int = 200, **headers: str) -> JSONResponse:
        headers = {"x-request-id": f"req_fake{self._next_id():06d}", **headers}
        return JSONResponse(content, status_code=status, headers=headers)

    def _pop_script(self, path: str) -> str | _ScriptedError | _Refusal | _Raw | None:
        with self._lock:
            script = self._scripts[path]
            return script.popleft() if script else None

    def _error(self, item: _ScriptedError) -> JSONResponse:
        headers = {} if item.retry_after is None else {"retry-after": f"{item.retry_after:g}"}
        return self._json(item.body, item.status, **headers)

    def _auth_failure(self, request: Request) -> JSONResponse | None:
        if not request.headers.get("authorization", "").startswith("Bearer "):
            return self._json(error_body(401, "You didn't provide an API key."), 401)
        return None

    # -- endpoints -----------------------------------------------------------

    async def _chat(self, request: Request) -> Response:
        body = await self._record(request)
        assert body is not None
        if (failure := self._auth_failure(request)) is not None:
            return failure
        if body.get("stream"):
            return self._json(error_body(400, "FakeOpenAI does not imitate streaming."), 400)
        item = self._pop_script(CHAT_PATH)
        if isinstance(item, _ScriptedError):
            return self._error(item)
        if isinstance(item, _Raw):
            return Response(item.body, status_code=item.status, media_type="application/json")
        refusal = item.text if isinstance(item, _Refusal) else None
        if item is None:
            try:
                item = self.responder(body)
            except Exception as exc:
                # Surface the failure to the test as a 500; x-should-retry stops the SDK
                # from retrying what is guaranteed to fail again.
                message = f"{type(exc).__name__}: {exc}"
                return self._json(error_body(500, message), 500, **{"x-should-retry": "false"})
        content = None if isinstance(item, _Refusal) else item
        messages = body.get("messages", [])
        prompt_tokens = sum(len(_TOKEN_RE.findall(str(m.get("content", "")))) for m in messages)
        completion_tokens = len(_TOKEN_RE.findall(content or refusal or ""))
        return self._json(
            {
                "id": f"chatcmpl-fake{self._next_id():06d}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body.get("model", "gpt-4o-mini"),
                "choices": [
                    {
                        "index": 0,
                        "message": {
                            "role": "assistant",
                            "content": content,
                            "refusal": refusal,
                            "annotations": [],
                        },
                        "logprobs": None,
                        "finish_reason": "stop",
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt_tokens,
                    "completion_tokens": completion_tokens,
                    "total_tokens": prompt_tokens + completion_tokens,
                },
                "service_tier": "default",
                "system_fingerprint": "fp_fake",
            }
        )

    async def _embeddings(self, request: Request) -> JSONResponse:
        body = await self._record(request)
        assert body is not None
        if (failure := self._auth_failure(request)) is not None:
            return failure
        item = self._pop_script(EMBEDDINGS_PATH)
        if isinstance(item, _ScriptedError):
            return self._error(item)
        raw = body.get("input")
        inputs = [raw] if isinstance(raw, str) else raw
        if (
            not isinstance(inputs, list)
            or not inputs
            or not all(isinstance(s, str) and s for s in inputs)
        ):
            # Token-array inputs are legal upstream but nothing in Scribe sends them.
            message = "'$.input' is invalid (FakeOpenAI accepts non-empty strings)."
            return self._json(error_body(400, message), 400)
        dim = int(body.get("dimensions") or EMBEDDING_DIM)
        as_base64 = body.get("encoding_format") == "base64"
        data = []
        for i, text in enumerate(inputs):
            vec = embed(text, dim)
            encoded: list[float] | str = (
                base64.b64encode(struct.pack(f"<{dim}f", *vec)).decode() if as_base64 else vec
            )
            data.append({"object": "embedding", "index": i, "embedding": encoded})
        tokens = sum(len(_TOKEN_RE.findall(s)) for s in inputs)
        return self._json(
            {
                "object": "list",
                "data": data,
                "model": body.get("model", "text-embedding-3-small"),
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
            }
        )

    async def _models(self, request: Request) -> JSONResponse:
        await self._record(request)
        return self._json(
            {
                "object": "list",
                "data": [
                    {"id": m, "object": "model", "created": 1700000000, "owned_by": "openai"}
                    for m in MODELS
                ],
            }
        )
