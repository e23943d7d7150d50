"""The one flow every entry point shares: fetch, check, transcribe, summarize."""

from __future__ import annotations

import asyncio
from pathlib import Path

import structlog

from core.domain import JobRequest, MeetingResult, Source, Transcript
from core.errors import BadRequest
from core.ports import Fetched, PipelineDeps, ProgressReporter, TranscriptCheckpoint
from core.redact import shown_link
from core.transcript_files import read_transcript_file

log = structlog.get_logger(__name__)


async def transcribe_source(
    req: JobRequest, deps: PipelineDeps, progress: ProgressReporter
) -> tuple[Transcript, str]:
    """Resolve the source to a transcript. Downloaded media lives only inside this call."""
    fetcher = deps.fetchers.get(req.source.kind)
    if fetcher is None:
        raise BadRequest(f"unsupported source {req.source.kind}")
    async with deps.workdir() as workdir:
        await progress.stage("fetching")
        fetched = await fetcher.fetch(req.source, workdir)
        log.info("recording.fetched", kind=req.source.kind, transcript_file=fetched.is_transcript)
        if fetched.is_transcript:
            # A transcript file does not say its language; the requester may (--language).
            # Parsed in a thread: a large file must not hold up the worker's event loop.
            transcript = await asyncio.to_thread(read_transcript_file, fetched.path)
            if req.language and not transcript.language:
                transcript = transcript.model_copy(update={"language": req.language})
            return transcript, fetched.title
        return await _transcribe_media(fetched, req, deps, progress, workdir), fetched.title


async def _transcribe_media(
    fetched: Fetched,
    req: JobRequest,
    deps: PipelineDeps,
    progress: ProgressReporter,
    workdir: Path,
) -> Transcript:
    # Checked before any model is loaded: a corrupt upload fails in a second, not after minutes.
    duration = await asyncio.to_thread(deps.inspector.inspect, fetched.path)
    for track in fetched.tracks:
        await asyncio.to_thread(deps.inspector.inspect, track.path)
    await progress.stage("transcribing")
    if fetched.tracks and deps.tracks is not None:
        transcript = await deps.tracks.transcribe_tracks(
            fetched.tracks, workdir, language=req.language, progress=progress
        )
    else:
        transcript = await deps.transcriber.transcribe(
            fetched.path, language=req.language, progress=progress
        )
    log.info(
        "recording.transcribed",
        duration_s=round(duration, 1),
        segments=len(transcript.segments),
        language=transcript.language,
    )
    return transcript


async def run_pipeline(
    req: JobRequest,
    deps: PipelineDeps,
    progress: ProgressReporter,
    *,
    checkpoint: TranscriptCheckpoint | None = None,
    last_try: bool = True,
) -> MeetingResult:
    """Run the whole pipeline for one request and return the result document.

    With a checkpoint, a transcript made by an earlier try of the same job is reused, so a
    failure while summarizing does not cost another transcription.
    """
    saved = await checkpoint.load() if checkpoint else None
    if saved is None:
        transcript, fetched_title = await transcribe_source(req, deps, progress)
        if checkpoint:
            await checkpoint.save(transcript, fetched_title)
    else:
        transcript, fetched_title = saved
        log.info("transcript.reused")
    await progress.stage("summarizing")
    title = req.source.title or fetched_title
    summary = await deps.summarizer.summarize(transcript, title=title, last_try=last_try)
    log.info(
        "recording.summarized", generated_by=summary.generated_by, fell_back=bool(summary.note)
    )
    return MeetingResult(
        # Stored and shown: a signed link's query string stays in the job request alone.
        source=Source(
            kind=req.source.kind, ref=shown_link(req.source.ref), title=summary.title or title
        ),
        duration_seconds=round(transcript.duration_seconds, 2),
        language=transcript.language,
        transcript=transcript,
        summary=summary,
    )
