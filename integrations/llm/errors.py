"""openai SDK errors in Scribe's terms: what to retry later, what to report."""

from __future__ import annotations

import openai

from core.errors import ScribeError, Stage, StageFailed, Transient


def translate_openai_error(exc: openai.APIError, model: str, *, stage: Stage) -> ScribeError:
    if isinstance(exc, openai.APIConnectionError):  # includes timeouts
        return Transient("the language model server could not be reached")
    status = getattr(exc, "status_code", None)
    if isinstance(exc, openai.RateLimitError | openai.InternalServerError) or (
        status is not None and status >= 500
    ):
        retry_after = retry_after_header(exc)
        return Transient(
            f"the language model server is busy ({status})",
            retry_after_s=retry_after,
        )
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return StageFailed(f"the language model server refused the API key ({status})", stage=stage)
    if isinstance(exc, openai.NotFoundError):
        return StageFailed(
            f"model {model!r} was not found on the language model server", stage=stage
        )
    return StageFailed(
        f"the language model server rejected the request ({status}): {str(exc.message)[:200]}",
        stage=stage,
    )


def retry_after_header(exc: openai.APIError) -> float | None:
    response = getattr(exc, "response", None)
    value = response.headers.get("retry-after") if response is not None else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def unreadable_reply(model: str, *, stage: Stage) -> StageFailed:
    """The server answered 200 with a body that is not JSON (a proxy's error page, a server
    bug); the openai SDK lets the JSONDecodeError through."""
    return StageFailed(
        f"the language model server sent a reply that is not JSON (model {model!r})", stage=stage
    )
