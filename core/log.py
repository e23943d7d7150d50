"""Structured logging: one JSON object per line in production, readable lines on a terminal.

Library loggers (arq, uvicorn, slack_bolt, httpx) go through the same renderer, and every line
carries the context bound with `bind_context` (job id, source, channel). Links in a line
lose their query strings (presigned links carry their signature there), whoever wrote it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

import structlog

from core.redact import redact_links

LogFormat = Literal["auto", "json", "console"]


def configure_logging(*, level: str = "info", fmt: LogFormat = "auto") -> None:
    use_json = fmt == "json" or (fmt == "auto" and not sys.stderr.isatty())
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    # Colour codes only for a terminal: SCRIBE_LOG_FORMAT=console into a file stays plain text.
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if use_json
        # Plain tracebacks: rich's wrap long strings over lines, out of reach of redaction.
        else structlog.dev.ConsoleRenderer(
            colors=sys.stderr.isatty(), exception_formatter=structlog.dev.plain_traceback
        )
    )
    structlog.configure(
        # Dropped before any processing when the level is off (time stamps cost microseconds).
        processors=[
            structlog.stdlib.filter_by_level,
            *shared,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.dict_tracebacks if use_json else _identity,
            renderer,
            # On the finished line: it catches a link in any field, message or traceback.
            _redact_rendered,
        ],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # httpx logs every request line at info: one per download, model call and link check.
    if root.level >= logging.INFO:
        logging.getLogger("httpx").setLevel(logging.WARNING)


def _redact_rendered(_: Any, __: str, line: Any) -> Any:
    return redact_links(line) if isinstance(line, str) else line


def _identity(_: Any, __: str, event: Any) -> Any:
    return event


@contextmanager
def bind_context(**values: Any) -> Iterator[None]:
    """Attach values (job_id, source, ...) to every log line written inside the block."""
    with structlog.contextvars.bound_contextvars(**values):
        yield
