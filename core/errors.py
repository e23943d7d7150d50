"""Errors Scribe raises on purpose; anything else is a bug.

    ScribeError
    ├── ConfigError    bad or missing settings; raised at start-up, fail fast
    ├── BadRequest     the input cannot work: missing or corrupt file, unsupported or refused link,
    │                  over the size limit. Never retried; the requester is told why.
    ├── NotFound       the thing asked for is gone or out of reach (404, 403). Never retried.
    ├── Transient      worth another try later: network errors, 429, 5xx. Carries retry_after_s.
    └── StageFailed    a stage gave up (after its own retries, or on a reply it cannot use).

Messages are written for the person who asked for the summary: one line, no secrets, no URLs
with credentials, no transcript text.
"""

from __future__ import annotations

from typing import Literal

Stage = Literal["fetch", "transcribe", "summarize", "deliver", "answer"]


class ScribeError(Exception):
    """Base of every error Scribe raises deliberately."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(ScribeError):
    """Settings are missing or invalid."""


class BadRequest(ScribeError):
    """The input is unusable; retrying cannot help."""


class NotFound(ScribeError):
    """The recording or resource does not exist or cannot be accessed."""


class Transient(ScribeError):
    """A temporary failure; the same work may succeed later."""

    def __init__(self, message: str, *, retry_after_s: float | None = None) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class StageFailed(ScribeError):
    """A pipeline stage failed for good."""

    def __init__(self, message: str, *, stage: Stage) -> None:
        super().__init__(message)
        self.stage = stage
