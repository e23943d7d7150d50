"""Zoom's webhooks on the wire: the signature check, the URL validation answer, and the
recording events read into Scribe's terms. Pure: no I/O, so the receiver stays light.

Zoom signs each request as `v0=` + hex(HMAC-SHA256(secret, "v0:{timestamp}:{raw body}")) in
`x-zm-signature`, with the Unix seconds in `x-zm-request-timestamp`. Zoom sets no replay
window; Scribe refuses timestamps more than 5 minutes away from its clock.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

REPLAY_WINDOW_S = 300
RECORDING_EVENTS = frozenset({"recording.completed", "recording.transcript_completed"})


class ZoomFile(BaseModel):
    """One file of a recording. CC and TIMELINE files carry no id, status or size."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str | None = None
    file_type: str = ""
    file_extension: str = ""
    file_size: int | None = None
    file_name: str | None = None
    download_url: str = ""
    play_url: str | None = None
    status: str | None = None
    recording_type: str | None = None
    recording_start: str | None = None
    recording_end: str | None = None


class ZoomRecording(BaseModel):
    """The `payload.object` of a recording event, and of the recordings API's answer."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    uuid: str
    id: int | str | None = None
    host_id: str | None = None
    host_email: str | None = None
    topic: str = ""
    start_time: str | None = None
    duration: int | None = None
    share_url: str | None = None
    recording_files: tuple[ZoomFile, ...] = ()
    participant_audio_files: tuple[ZoomFile, ...] = ()


class ZoomEvent(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["recording.completed", "recording.transcript_completed"]
    recording: ZoomRecording
    download_token: str | None = None
    received_at: float | None = None  # when Scribe first heard of the recording


class _Envelope(BaseModel):
    model_config = ConfigDict(extra="ignore")

    event: str
    download_token: str | None = None
    payload: dict[str, Any] = Field(default_factory=dict)


def sign(secret: str, timestamp: str, body: bytes) -> str:
    message = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def is_signed(
    secret: str,
    *,
    timestamp: str | None,
    signature: str | None,
    body: bytes,
    now: float | None = None,
) -> bool:
    """True when the request carries Zoom's valid signature and a fresh timestamp."""
    if not timestamp or not signature or not timestamp.isdigit():
        return False
    if abs((time.time() if now is None else now) - int(timestamp)) > REPLAY_WINDOW_S:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


def url_validation(secret: str, plain_token: str) -> dict[str, str]:
    """The answer to `endpoint.url_validation`, which Zoom sends when the endpoint is saved
    and every 72 hours."""
    encrypted = hmac.new(secret.encode(), plain_token.encode(), hashlib.sha256).hexdigest()
    return {"plainToken": plain_token, "encryptedToken": encrypted}


def event_name(body: dict[str, Any]) -> str:
    return str(body.get("event", ""))


def plain_token(body: dict[str, Any]) -> str | None:
    payload = body.get("payload")
    token = payload.get("plainToken") if isinstance(payload, dict) else None
    return token if isinstance(token, str) and token else None


def recording_event(body: dict[str, Any]) -> ZoomEvent | None:
    """A recording event read from its JSON body; None for other events or unusable bodies."""
    try:
        envelope = _Envelope.model_validate(body)
        if envelope.event not in RECORDING_EVENTS:
            return None
        recording = ZoomRecording.model_validate(envelope.payload.get("object"))
    except ValidationError:
        return None
    return ZoomEvent(
        kind=envelope.event,  # type: ignore[arg-type]
        recording=recording,
        download_token=envelope.download_token,
    )


def merged(earlier: ZoomEvent | None, later: ZoomEvent) -> ZoomEvent:
    """One view of a recording from its events, in whichever order they came: the transcript
    event (sent minutes after the recording's) adds its file; a newer token replaces the old."""
    if earlier is None:
        return later
    files = {_file_key(f): f for f in earlier.recording.recording_files}
    files.update({_file_key(f): f for f in later.recording.recording_files})
    tracks = {_file_key(f): f for f in earlier.recording.participant_audio_files}
    tracks.update({_file_key(f): f for f in later.recording.participant_audio_files})
    base = later.recording if later.kind == "recording.completed" else earlier.recording
    recording = base.model_copy(
        update={
            "recording_files": tuple(files.values()),
            "participant_audio_files": tuple(tracks.values()),
        }
    )
    return ZoomEvent(
        kind="recording.completed"
        if "recording.completed" in (earlier.kind, later.kind)
        else later.kind,
        recording=recording,
        download_token=later.download_token or earlier.download_token,
        received_at=earlier.received_at or later.received_at,
    )


def stored_event(texts: Sequence[str]) -> ZoomEvent | None:
    """One view of a recording from the events kept for it (SourceDetails), oldest first."""
    event = None
    for text in texts:
        event = merged(event, ZoomEvent.model_validate_json(text))
    return event


def _file_key(file: ZoomFile) -> str:
    # CC and TIMELINE files have no id: their download URL tells them apart.
    return file.id or f"{file.file_type}:{file.download_url}"
