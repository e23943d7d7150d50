"""Errors Scribe raises on purpose; anything else is a bug.

    ScribeError
    ├── ConfigError    bad or missing settings; raised at start-up, fail fast
    ├── BadRequest     the input cannot work: missing or corrupt file, unsupported or refused link,
    │                  over the size limit. Never retried; the requester is told why.
    ├── NotFound       the thing asked for is gone or out of reach (404, 403). Never retried.
    ├── Transient      worth another try later: network errors, 429, 5xx, a server too slow to
    │                  answer or a download that stalls. Carries retry_after_s.
    └── StageFailed    a stage gave up (after its own retries, or on a reply it cannot use).

Messages are written for the person who asked for the summary: one line, no secrets, no URLs
with credentials, no transcript text.

The retry policy, layer by layer (each layer retries only what the one below gave up on):

1. **SDK retries, inside one call.** slack_sdk's retry handlers wait out 429 (`Retry-After`)
   and retry 5xx twice, but only for calls that are safe to repeat: a post or file share whose
   reply was lost (a 5xx, a dropped connection) may have been made, so it is OutcomeUnknown
   and looked for before it is sent again (integrations/slack/client.py, once.py); the openai
   client retries 429, 5xx and
   connection errors `SCRIBE_LLM_MAX_RETRIES` times with its own backoff. Downloads are not
   retried inside a call: a broken transfer is Transient, and so is a server that misses a
   deadline (headers, a link check, too few bytes per interval: integrations/download).
2. **Adapters translate** what is left into this tree: 429/5xx/network -> Transient (carrying
   the server's Retry-After as `retry_after_s`); 404/403 -> NotFound; refusals another try
   cannot change -> BadRequest or StageFailed.
3. **Recording jobs** (worker/tasks.py): a Transient on any but the last try becomes arq's
   `Retry(defer=...)`: `retry_after_s` when the server gave one, else `SCRIBE_RETRY_BASE_S`
   doubled each try, at most 10 minutes; the job's state goes back to "queued" with the reason.
   Up to `SCRIBE_JOB_MAX_TRIES` tries. BadRequest, NotFound and StageFailed fail at once.
4. **One failure notice.** On the last try a Transient fails the job like any other error:
   the state becomes "failed" with the reason, and each notifier tells the requester once
   (recorded in the delivery ledger, so a re-run of `fail_job` says nothing twice).
5. **A lost worker.** arq is given one try more than `SCRIBE_JOB_MAX_TRIES`: that extra try
   only starts when a worker died under the previous one (its lease lapsed after
   `SCRIBE_WORKER_LEASE_S`), and it fails the job with "the worker stopped unexpectedly"
   instead of running it again.
6. **Thread questions** get 3 tries with a 2 s base backoff; on the last one a model that
   still fails is not an error: the best-matching passages are posted instead.
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
