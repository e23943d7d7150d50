"""Where the pipeline's adapters are built from settings: downloads, transcription,
summaries. The services around it (Redis, Slack, email) are built in integrations.wiring.worker."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from core.domain import SourceKind
from core.errors import ConfigError
from core.ports import Fetcher, PipelineDeps, SourceDetails, Summarizer
from core.settings import BUNDLED_WHISPER_MODEL, Settings
from integrations.download.deadlines import Deadlines
from integrations.download.downloader import DownloadPolicy, SafeDownloader, build_downloader
from integrations.download.fetchers import LinkFetcher, LocalFileFetcher
from integrations.offline.summarizer import OfflineSummarizer
from integrations.whisper.media import PyAVInspector
from integrations.whisper.tracks import TrackTranscriber
from integrations.whisper.transcriber import (
    WhisperTranscriber,
    load_whisper_model,
    resolve_device,
)
from integrations.wiring.drive import build_drive_fetcher
from integrations.zoom.client import build_zoom_api
from integrations.zoom.source import ZOOM_HOSTS, ZoomFetcher


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
    return WhisperTranscriber(
        load, batch_size=settings.whisper_batch_size, beam_size=settings.whisper_beam_size
    )


def build_summarizer(settings: Settings, closers: AsyncExitStack) -> Summarizer:
    """The language model when one is configured, with the offline summary to fall back on
    when it fails (the transcript is done by then), else the offline summary alone."""
    if not settings.llm_enabled:
        return OfflineSummarizer()
    from integrations.llm.client import build_llm_client
    from integrations.llm.fallback import FallbackSummarizer
    from integrations.llm.summarizer import OpenAISummarizer
    from integrations.llm.tokens import build_token_counter

    client = build_llm_client(settings)
    closers.push_async_callback(client.close)
    model = OpenAISummarizer(
        client,
        model=settings.llm_model,
        count_tokens=build_token_counter(),
        chunk_tokens=settings.llm_chunk_tokens,
    )
    return FallbackSummarizer(model, OfflineSummarizer())


def check_transcriber_settings(settings: Settings) -> None:
    """Refuse a Whisper model or device that cannot load, before anything is fetched.

    The model itself loads lazily, on the first recording; without this check a typo in
    SCRIBE_WHISPER_MODEL would be found only after a download, and a path that does not
    exist would be taken for a Hugging Face repository and looked up online.
    """
    _check_model_name(settings.whisper_model)
    _check_device(settings.whisper_device, settings.whisper_compute_type)


def _check_model_name(name: str) -> None:
    from faster_whisper.utils import available_models

    if name == BUNDLED_WHISPER_MODEL or name in available_models():
        return
    path = Path(name)
    if path.is_dir():
        if not (path / "model.bin").is_file():
            raise ConfigError(
                f"SCRIBE_WHISPER_MODEL: {name} is not a CTranslate2 model folder (no model.bin)"
            )
        return
    if _looks_like_repo_id(name):
        return  # "org/name" on the Hugging Face Hub, as faster-whisper accepts
    if path.exists() or _looks_like_path(name):
        raise ConfigError(f"SCRIBE_WHISPER_MODEL: model folder {name} does not exist")
    raise ConfigError(
        f"SCRIBE_WHISPER_MODEL: unknown Whisper model {name!r}; use a size name such as "
        "large-v3 or distil-large-v3, or a CTranslate2 model folder"
    )


def _looks_like_path(name: str) -> bool:
    return name.startswith((".", "~")) or "/" in name or "\\" in name


def _looks_like_repo_id(name: str) -> bool:
    owner, slash, repo = name.partition("/")
    return bool(slash) and bool(owner) and bool(repo) and not _looks_like_path(owner + repo)


def _check_device(device: str, compute_type: str) -> None:
    import ctranslate2

    if device == "cuda" and ctranslate2.get_cuda_device_count() == 0:
        raise ConfigError(
            "SCRIBE_WHISPER_DEVICE=cuda, but no CUDA GPU can be used here; set it to auto or cpu"
        )
    device, compute_type = resolve_device(device, compute_type)
    if compute_type == "default":
        return
    supported = ctranslate2.get_supported_compute_types(device)
    if compute_type not in supported:
        raise ConfigError(
            f"SCRIBE_WHISPER_COMPUTE_TYPE={compute_type} does not run on {device}; "
            f"use one of {', '.join(sorted(supported))} (or auto)"
        )


def build_zoom_fetcher(settings: Settings, *, details: SourceDetails | None) -> ZoomFetcher:
    """Downloads only from Zoom's hosts (and the configured API's, for on-premise gateways)."""
    hosts = {*ZOOM_HOSTS, urlsplit(settings.zoom_api_url).hostname or "zoom.us"}
    policy = DownloadPolicy(
        allow_private=settings.allow_private_urls,
        max_bytes=int(settings.max_media_bytes),
        allowed_hosts=frozenset(hosts),
    )
    return ZoomFetcher(
        details=details,
        downloader=SafeDownloader(
            policy=policy, deadlines=Deadlines.after(settings.download_stall_s)
        ),
        api=build_zoom_api(settings),
        use_transcript=settings.zoom_use_transcript,
    )


def build_pipeline(
    settings: Settings,
    *,
    local_files: bool,
    closers: AsyncExitStack,
    transcriber: WhisperTranscriber | None = None,
    details: SourceDetails | None = None,
) -> PipelineDeps:
    """`local_files` lets the source be a path on this machine: right for the CLI, never for a
    worker that takes requests from other people. `details` are what webhooks recorded about
    their recordings (the worker has them; the CLI asks Zoom's API instead)."""
    fetchers: dict[SourceKind, Fetcher] = {
        "url": LinkFetcher(build_downloader(settings)),
        "zoom": build_zoom_fetcher(settings, details=details),
        "drive": build_drive_fetcher(settings),
    }
    if local_files:
        fetchers["file"] = LocalFileFetcher()
    transcriber = transcriber or build_transcriber(settings)
    return PipelineDeps(
        fetchers=fetchers,
        inspector=PyAVInspector(),
        transcriber=transcriber,
        summarizer=build_summarizer(settings, closers),
        workdir=scratch_dir,
        tracks=TrackTranscriber(transcriber),
    )
