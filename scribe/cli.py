"""The `scribe` command. It reads settings, builds what the command needs and starts it."""

from __future__ import annotations

import asyncio
import os
import re
import sys
from collections.abc import Awaitable, Callable, Coroutine
from contextlib import AsyncExitStack
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import structlog
import typer

from core.domain import JobRequest, MeetingResult, SlackTarget
from core.errors import BadRequest, ConfigError, NotFound, ScribeError
from core.links import classify_source
from core.log import configure_logging
from core.markdown import render_markdown
from core.pipeline import run_pipeline
from core.settings import Settings, load_settings
from scribe.progress_bar import TerminalProgressBar

log = structlog.get_logger(__name__)
T = TypeVar("T")

app = typer.Typer(
    name="scribe",
    help="Self-hosted meeting scribe: recordings in, transcripts and summaries out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Click's plain help: flags without type labels such as <bool>, and no colour codes.
    rich_markup_mode=None,
)
drive_app = typer.Typer(help="Google Drive integration.", no_args_is_help=True)
app.add_typer(drive_app, name="drive")


def _version(show: bool) -> None:
    if show:
        typer.echo(f"scribe {version('scribe-meetings')}")
        raise typer.Exit()


@app.callback()
def _options(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Self-hosted meeting scribe: recordings in, transcripts and summaries out."""


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"scribe: error: {message}", err=True)
    raise typer.Exit(code)


def _settings(*, quiet: bool = False) -> Settings:
    """Load settings. `quiet` keeps stderr for the progress bar and one error line, unless
    the operator asked for a log level."""
    try:
        settings = load_settings()
    except ConfigError as exc:
        _fail(exc.message, 2)
    explicit = "log_level" in settings.model_fields_set
    level = "error" if quiet and not explicit else settings.log_level
    configure_logging(level=level, fmt=settings.log_format)
    return settings


def _run(work: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine; turn Scribe's errors into one line on stderr and an exit status."""
    try:
        return asyncio.run(work)
    except (BadRequest, NotFound, ConfigError) as exc:
        _fail(exc.message, 2)
    except ScribeError as exc:
        _fail(exc.message, 1)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except Exception as exc:  # noqa: BLE001 - a bug still deserves one readable line
        log.debug("cli.crashed", exc_info=True)
        _fail(f"unexpected {type(exc).__name__}: {exc} (SCRIBE_LOG_LEVEL=debug shows more)", 1)


@app.command()
def process(
    source: Annotated[
        str,
        typer.Argument(metavar="SOURCE", help="A media or transcript file, or an http(s) link."),
    ],
    json_path: Annotated[
        Path | None,
        typer.Option("--json", metavar="PATH", help="Also write the result document here."),
    ] = None,
    channel: Annotated[
        str | None,
        typer.Option(
            "--channel", metavar="CHANNEL", help="Also post the summary to this Slack channel."
        ),
    ] = None,
    email: Annotated[
        list[str] | None,
        typer.Option("--email", metavar="ADDRESS", help="Also email the summary (repeatable)."),
    ] = None,
    language: Annotated[
        str | None,
        typer.Option("--language", metavar="CODE", help="Spoken language code, e.g. en, de."),
    ] = None,
) -> None:
    """Transcribe and summarize one recording here; print the summary."""
    settings = _settings(quiet=True)
    # Mistakes in the command line are found now, not after minutes of transcription.
    if json_path is not None:
        _check_writable(json_path)
    emails = tuple(_check_email(address) for address in email or ())
    result = _run(_process(settings, source, language, channel, emails))
    if result.summary.note:
        typer.echo(f"scribe: warning: {result.summary.note}", err=True)
    written = _write_json(json_path, result) if json_path is not None else None
    sys.stdout.write(render_markdown(result))
    if written is not None:
        _fail(written, 1)


# name@domain: no spaces or brackets, a domain of two or more dot-separated labels.
_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"
_EMAIL = re.compile(rf"[^@\s<>()\[\],;:\"]+@{_LABEL}(?:\.{_LABEL})+")


def _check_email(address: str) -> str:
    if not _EMAIL.fullmatch(address.strip()):
        _fail(f"--email {address!r} is not an email address (name@example.com)", 2)
    return address.strip()


def _check_writable(path: Path) -> None:
    """Refuse a --json path that cannot be written, without creating anything."""
    folder = path.parent
    if path.is_dir():
        _fail(f"cannot write {path}: it is a folder", 2)
    if not folder.is_dir():
        problem = "is not a folder" if folder.exists() else "does not exist"
        _fail(f"cannot write {path}: {folder} {problem}", 2)
    target, mode = (path, os.W_OK) if path.exists() else (folder, os.W_OK | os.X_OK)
    if not os.access(target, mode):
        _fail(f"cannot write {path}: permission denied", 2)


def _write_json(path: Path, result: MeetingResult) -> str | None:
    """Write the result document; the reason when that fails (the summary is printed anyway)."""
    try:
        path.write_text(result.model_dump_json(indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        return f"cannot write {path}: {exc.strerror}"
    return None


async def _process(
    settings: Settings,
    source: str,
    language: str | None,
    channel: str | None,
    emails: tuple[str, ...],
) -> MeetingResult:
    # The pipeline (PyAV, numpy, the model) is loaded by the commands that run it, so that
    # `scribe serve` stays small.
    from integrations.whisper.transcriber import check_language
    from integrations.wiring.pipeline import build_pipeline, check_transcriber_settings

    check_transcriber_settings(settings)
    request = JobRequest(
        source=classify_source(source),
        language=check_language(language),
        slack=SlackTarget(channel=channel) if channel else None,
        emails=emails,
    )
    async with AsyncExitStack() as closers:
        # Delivery is set up (and its configuration checked) before the work, not after it.
        deliver = await _delivery(settings, request, closers) if channel or emails else None
        deps = build_pipeline(settings, local_files=True, closers=closers)
        with TerminalProgressBar() as progress:
            result = await run_pipeline(request, deps, progress)
            if deliver is not None:
                await progress.stage("delivering")
                await deliver(result)
        return result


async def _delivery(
    settings: Settings, request: JobRequest, closers: AsyncExitStack
) -> Callable[[MeetingResult], Awaitable[None]]:
    # Redis, Slack and mail clients are only imported when a delivery is asked for.
    from core.memory import MemoryStore
    from integrations.wiring.delivery import build_notifiers, reachable_store

    wanted = (("slack", request.slack), ("email", request.emails))
    required = frozenset(name for name, asked in wanted if asked)
    # With Redis, questions asked in the summary's Slack thread can be answered later.
    store = await reachable_store(settings, closers) or MemoryStore()
    notifiers = build_notifiers(settings, archive=store, closers=closers, required=required)

    async def deliver(result: MeetingResult) -> None:
        await store.save_result(request.job_id, result)
        for notifier in notifiers:
            if notifier.wants(request):
                await notifier.deliver(request, request.job_id, result, store)

    return deliver


@app.command()
def serve(
    host: Annotated[str, typer.Option(metavar="HOST", help="Interface to listen on.")] = "0.0.0.0",  # noqa: S104
    port: Annotated[int, typer.Option(metavar="PORT", help="Port to listen on.")] = 8000,
) -> None:
    """Run the HTTP receiver (Slack, Zoom, health, metrics)."""
    import uvicorn

    from bot.preflight import check_settings
    from bot.server import create_app

    settings = _settings()
    try:
        check_settings(settings)
    except ConfigError as exc:
        _fail(exc.message, 2)
    app = create_app(settings, freeze_gc=True)
    uvicorn.run(app, host=host, port=port, log_config=None, proxy_headers=True)


@app.command()
def worker(
    burst: Annotated[
        bool, typer.Option("--burst", help="Exit once the queues are empty (tests, batch runs).")
    ] = False,
    queues: Annotated[
        str | None,
        typer.Option(
            metavar="QUEUES",
            help="Comma list of queues: recordings, questions, drive. Default: all (questions "
            "only when SLACK_BOT_TOKEN is set, drive only when a Drive folder is watched).",
        ),
    ] = None,
) -> None:
    """Run a worker: recordings and thread questions."""
    from worker.settings import QUEUES, run_workers

    settings = _settings()
    if queues is None:
        wanted = {"questions": bool(settings.slack_bot_token), "drive": _watching(settings)}
        chosen = [q for q in QUEUES if wanted.get(q, True)]
    else:
        names = [q.strip() for q in queues.split(",") if q.strip()]
        unknown = set(names) - set(QUEUES)
        if unknown or not names:
            shown = ", ".join(sorted(unknown)) or "(none)"
            _fail(f"unknown queue {shown}; use {', '.join(QUEUES)}", 2)
        chosen = [q for q in QUEUES if q in names]
    try:
        asyncio.run(run_workers(settings, chosen, burst=burst))
    except ConfigError as exc:
        _fail(exc.message, 2)


@drive_app.command("watch")
def drive_watch() -> None:
    """Register or renew the Drive push channel for the watched folder."""
    settings = _settings()
    typer.echo(_run(_drive_watch(settings)))


def _watching(settings: Settings) -> bool:
    return bool(settings.google_application_credentials and settings.drive_folder_id)


async def _drive_watch(settings: Settings) -> str:
    from integrations.wiring.drive import build_drive_watch

    async with AsyncExitStack() as closers:
        drive = build_drive_watch(settings, closers=closers)
        folder = drive.config.folder_id
        if drive.config.polling:
            await drive.reader.start()
            return (
                f"SCRIBE_PUBLIC_URL is not set, so Drive cannot notify Scribe: the worker will "
                f"poll folder {folder} for changes every {drive.config.poll_s} s "
                f"(SCRIBE_DRIVE_POLL_S). Share the folder with {drive.api.email}."
            )
        channel = await drive.watcher.watch()
        until = datetime.fromtimestamp(channel.expiration_ms / 1000, UTC)
        return (
            f"Watching folder {folder}: Drive notifies {channel.address} until "
            f"{until:%Y-%m-%d %H:%M} UTC; the worker renews the channel before then. "
            f"Share the folder with {drive.api.email}."
        )


def main() -> None:
    app()
