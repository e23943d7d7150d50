"""Fetching a Zoom recording for the pipeline: which file, and downloading it.

The audio-only M4A is preferred (a fraction of the video's size); the video is the fallback.
With SCRIBE_ZOOM_USE_TRANSCRIPT, Zoom's own transcript (a VTT with speaker names) is used
instead of Whisper when Zoom has made one; it arrives minutes after the recording, so a job
waits for it a while before transcribing the audio itself. Files Zoom is still processing are
waited for (a temporary failure, retried), and fail clearly after the last try.

Downloads send the event's download token in the Authorization header, through the safe
downloader, limited to Zoom's hosts. An expired token (a job retried hours later) gets an HTML
page with HTTP 200, not a 401: the downloader refuses the page, and the token is replaced with
a fresh one from the recordings API.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Protocol

import structlog

from core.domain import Source
from core.errors import BadRequest, NotFound, Transient
from core.links import ZOOM_NEEDS_APP
from core.ports import Fetched, SourceDetails, Track
from integrations.download.downloader import SafeDownloader
from integrations.zoom.webhook import ZoomEvent, ZoomFile, ZoomRecording, stored_event

log = structlog.get_logger(__name__)

# Where Zoom serves recordings from (download links, and the storage they redirect to).
ZOOM_HOSTS = frozenset({"zoom.us", "zoom.com", "zoomgov.com"})
# How long a job waits for Zoom's transcript after the recording event, when asked to use it.
TRANSCRIPT_WAIT_S = 30 * 60
_VIDEO_TYPES = ("MP4",)


class RecordingLookup(Protocol):
    """The part of the Zoom API the fetcher needs."""

    async def recording(self, uuid: str) -> tuple[ZoomRecording, str | None]:
        """The recording's files, with a fresh download token."""
        ...

    async def find_recording(self, link: str) -> str:
        """The meeting UUID of the recording behind a share or play link."""
        ...


def pick_file(
    recording: ZoomRecording, *, use_transcript: bool, waited_s: float | None
) -> ZoomFile:
    """The one file to fetch. Raises Transient while the right one is not ready yet."""
    files = recording.recording_files
    if use_transcript:
        transcript = _first(files, ("TRANSCRIPT",))
        if transcript is not None:
            return _ready(transcript)
        if waited_s is not None and waited_s < TRANSCRIPT_WAIT_S:
            raise Transient(
                "waiting for Zoom's transcript of this meeting",
                retry_after_s=min(120.0, TRANSCRIPT_WAIT_S - waited_s),
            )
        log.info("zoom.transcript_missing", waited_s=waited_s)
    media = _first(files, ("M4A",)) or _first(files, _VIDEO_TYPES)
    if media is None:
        raise BadRequest("this Zoom recording has no audio or video file")
    return _ready(media)


def _first(files: Sequence[ZoomFile], types: Sequence[str]) -> ZoomFile | None:
    found = [f for f in files if f.file_type.upper() in types]
    # audio_only before the other M4A kinds (audio_interpretation)
    found.sort(key=lambda f: f.recording_type not in (None, "audio_only", "audio_transcript"))
    return found[0] if found else None


def _ready(file: ZoomFile) -> ZoomFile:
    if file.status not in (None, "completed"):
        raise Transient(f"Zoom is still processing the recording's {file.file_type} file")
    if not file.download_url:
        raise BadRequest(f"Zoom gave no download link for the recording's {file.file_type} file")
    return file


def participant_name(file: ZoomFile, number: int) -> str:
    """The participant a track belongs to, from its `file_name`: Zoom writes "Audio only -
    Elisa L"; some clients save "Elisa L's audio.m4a"."""
    name = (file.file_name or "").strip()
    name = re.sub(r"\.(m4a|mp4|wav)$", "", name, flags=re.IGNORECASE)
    name = re.sub(r"^audio only\s*-\s*", "", name, flags=re.IGNORECASE)
    name = re.sub(r"'s audio$", "", name, flags=re.IGNORECASE).strip()
    return name or f"Participant {number}"


def participant_tracks(recording: ZoomRecording) -> list[ZoomFile]:
    """The per-participant tracks, when the account records them and all are ready."""
    tracks = [t for t in recording.participant_audio_files if t.download_url]
    return [_ready(t) for t in tracks] if len(tracks) > 1 else []


def _offset_s(track: ZoomFile, first: datetime | None) -> float:
    start = _when(track.recording_start)
    return max(0.0, (start - first).total_seconds()) if start and first else 0.0


def _when(stamp: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00")) if stamp else None
    except ValueError:
        return None


def file_name(file: ZoomFile) -> str:
    extension = (file.file_extension or file.file_type or "bin").lower()
    return f"zoom-{file.recording_type or file.file_type.lower()}.{extension}"


class ZoomFetcher:
    """The pipeline's Fetcher for `Source(kind="zoom", ref=<meeting UUID>)`."""

    def __init__(
        self,
        *,
        details: SourceDetails | None,
        downloader: SafeDownloader,
        api: RecordingLookup | None,
        use_transcript: bool,
    ) -> None:
        self._details = details
        self._downloader = downloader
        self._api = api
        self._use_transcript = use_transcript

    async def fetch(self, source: Source, workdir: Path) -> Fetched:
        event = await self._event(source.ref)
        waited = time.time() - event.received_at if event.received_at else None
        title = source.title or event.recording.topic or "Zoom meeting"
        file = pick_file(event.recording, use_transcript=self._use_transcript, waited_s=waited)
        tracks = (
            [] if file.file_type.upper() == "TRANSCRIPT" else participant_tracks(event.recording)
        )
        if tracks:
            own = await self._tracks(tracks, event, workdir)
            return Fetched(path=own[0].path, title=title, tracks=own)
        path = await self._download(file, event, workdir)
        return Fetched(path=path, title=title)

    async def _tracks(
        self, files: Sequence[ZoomFile], event: ZoomEvent, workdir: Path
    ) -> tuple[Track, ...]:
        """Each participant's own track, downloaded into its own folder, with their name."""
        starts = [s for s in (_when(f.recording_start) for f in files) if s]
        first = min(starts) if starts else None
        tracks = []
        for number, file in enumerate(files, start=1):
            folder = workdir / f"participant-{number}"
            folder.mkdir()
            path = await self._download(file, event, folder)
            tracks.append(Track(path, participant_name(file, number), _offset_s(file, first)))
        log.info("zoom.participant_tracks", count=len(tracks))
        return tuple(tracks)

    async def _event(self, ref: str) -> ZoomEvent:
        """What the webhook said about the recording, else what Zoom's API says (a link sent
        with /scribe or `scribe process` is looked up among the account's recordings)."""
        texts = await self._details.load_details(f"zoom:{ref}") if self._details else []
        stored = stored_event(texts)
        if stored is not None:
            return stored
        if self._api is None:
            raise BadRequest(ZOOM_NEEDS_APP)
        uuid = await self._api.find_recording(ref) if ref.startswith("http") else ref
        recording, token = await self._api.recording(uuid)
        return ZoomEvent(kind="recording.completed", recording=recording, download_token=token)

    async def _download(self, file: ZoomFile, event: ZoomEvent, workdir: Path) -> Path:
        token = event.download_token
        if token:
            try:
                return await self._get(file, token, workdir)
            except (BadRequest, NotFound) as exc:
                if self._api is None:
                    raise
                log.info("zoom.download_token_refused", reason=exc.message)
        elif self._api is None:
            raise BadRequest("the Zoom event carried no download token")
        assert self._api is not None  # noqa: S101 - both branches above ensure it
        recording, fresh = await self._api.recording(event.recording.uuid)
        if not fresh:
            raise NotFound("Zoom gave no download token for this recording")
        files = (*recording.recording_files, *recording.participant_audio_files)
        same = next((f for f in files if f.id and f.id == file.id), file)
        return await self._get(same, fresh, workdir)

    async def _get(self, file: ZoomFile, token: str, workdir: Path) -> Path:
        # Never log the URL: it identifies the file, and the token goes in a header.
        path = await self._downloader.download(
            file.download_url, workdir, headers={"Authorization": f"Bearer {token}"}
        )
        return path.rename(path.with_name(file_name(file)))
