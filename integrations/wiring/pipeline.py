"""Where the pipeline's adapters are built from settings: downloads, transcription,
summaries. The services around it (Redis, Slack, email) are built in integrations.wiring.worker."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from core.domain import SourceKind
from core.ports import Fetcher, PipelineDeps, Summarizer
from core.settings import Settings
from integrations.download.downloader import build_downloader
from integrations.download.fetchers import LinkFetcher, LocalFileFetcher
from integrations.offline.summarizer import OfflineSummarizer
from integrations.whisper.media import PyAVInspector
from integrations.whisper.transcriber import WhisperTranscriber, load_whisper_model

if TYPE_CHECKING:
    import openai


@asynccontextmanager
async def scratch_dir() -> AsyncIterator[Path]:
    """A private folder for one job's downloads, removed (media included) when the job
    leaves it."""
    with tempfile.TemporaryDirectory(prefix="scribe-") as path:
        yield Path(path)


def build_transcriber(settings: Settings) -> WhisperTranscriber:
    load = partial(
        load_whisper_model,
        settings.whisper_model,
        device=settings.whisper_device,
        compute_type=settings.whisper_compute_type,
        cpu_threads=settings.whisper_cpu_threads,
        download_root=settings.whisper_download_root,
    )
    return WhisperTranscriber(load, batch_size=settings.whisper_batch_size)


def build_llm_client(settings: Settings) -> openai.AsyncOpenAI:
    # The openai package takes half a second to import: only when a model is configured.
    import openai

    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
    return openai.AsyncOpenAI(
        api_key=key,
        base_url=settings.openai_base_url,
        max_retries=settings.llm_max_retries,
        timeout=settings.llm_timeout_s,
    )


def build_summarizer(settings: Settings, closers: AsyncExitStack) -> Summarizer:
    if not settings.llm_enabled:
        return OfflineSummarizer()
    from integrations.llm.summarizer import OpenAISummarizer
    from integrations.llm.tokens import build_token_counter

    client = build_llm_client(settings)
    closers.push_async_callback(client.close)
    return OpenAISummarizer(
        client,
        model=settings.llm_model,
        count_tokens=build_token_counter(),
        chunk_tokens=settings.llm_chunk_tokens,
    )


def build_pipeline(
    settings: Settings,
    *,
    local_files: bool,
    closers: AsyncExitStack,
    transcriber: WhisperTranscriber | None = None,
) -> PipelineDeps:
    """`local_files` lets the source be a path on this machine: right for the CLI, never for a
    worker that takes requests from other people."""
    fetchers: dict[SourceKind, Fetcher] = {"url": LinkFetcher(build_downloader(settings))}
    if local_files:
        fetchers["file"] = LocalFileFetcher()
    return PipelineDeps(
        fetchers=fetchers,
        inspector=PyAVInspector(),
        transcriber=transcriber or build_transcriber(settings),
        summarizer=build_summarizer(settings, closers),
        workdir=scratch_dir,
    )
