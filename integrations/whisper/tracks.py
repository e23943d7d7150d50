"""One transcript from per-participant tracks (Zoom's "separate audio file of each
participant"): each track transcribed, its segments named after its participant, all merged
by time. No diarization model: the tracks already say who spoke.

Each track is a close-talk recording that also carries the other voices faintly (crosstalk),
and Whisper, even behind VAD, writes sentences from it on a quiet participant's track. So
before transcribing, every 100 ms of each track is compared with the same moment on the other
tracks, each track's level measured against its owner's own speaking level (microphones and
gains differ): where another track is clearly louder, the moment belongs to that track's
owner and is silenced here. Simultaneous speech stays on both tracks. Silenced moments are
skipped by VAD, which also makes a quiet participant's track cheap to transcribe.

Memory stays flat: a first decoding pass keeps only one loudness figure per 100 ms per track,
a second writes each gated track to a 16-bit WAV file, one track at a time.
"""

from __future__ import annotations

import asyncio
import heapq
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import structlog

from core.domain import Segment, Transcript
from core.errors import BadRequest
from core.ports import ProgressReporter, SilentReporter, Track, Transcriber
from integrations.whisper.media import SAMPLE_RATE, decode_audio

log = structlog.get_logger(__name__)

FRAME = SAMPLE_RATE // 10  # 100 ms
# A moment is another participant's when their track is louder than this one by this much
# (dB), in dBFS or against each owner's speaking level, and what this track hears there is
# within LEAK_MARGIN_DB of that voice's measured leak into this microphone. Crosstalk sits
# 15-30 dB below the speaker; the leak test keeps two people talking at once on both tracks.
LOUDER_DB = 3.0
LEAK_MARGIN_DB = 6.0
DOMINANCE_DB = 6.0  # how close to its speaking level a track is while its owner speaks
# Moments this far below a track's own speaking level, or this little above its quiet
# moments, are nobody's speech on that track.
FLOOR_DB = 35.0
ABOVE_NOISE_DB = 10.0
_SILENT_DB = -200.0
# Kept moments are widened by this much on each side, so word edges are not cut (frames).
HANGOVER = 3


@dataclass(frozen=True, slots=True)
class Loudness:
    db: np.ndarray  # one figure per frame, dBFS
    speaking_db: float  # the track's owner's own level: a high percentile of its frames
    noise_db: float  # the room and the line with nobody speaking: a low percentile


def loudness(path: Path) -> Loudness:
    """Frame loudness of a whole track, decoded in chunks (memory: one float per frame)."""
    energies: list[float] = []
    carry = np.zeros(0, dtype=np.float32)
    for chunk in decode_audio(path):
        samples = np.concatenate([carry, chunk])
        whole = len(samples) // FRAME * FRAME
        frames = samples[:whole].reshape(-1, FRAME)
        energies.extend(np.mean(frames.astype(np.float64) ** 2, axis=1).tolist())
        carry = samples[whole:]
    if len(carry):
        energies.append(float(np.mean(carry.astype(np.float64) ** 2)))
    db = 10 * np.log10(np.asarray(energies, dtype=np.float64) + 1e-10)
    if not len(db):
        return Loudness(db=db, speaking_db=-100.0, noise_db=-100.0)
    return Loudness(
        db=db, speaking_db=float(np.percentile(db, 95)), noise_db=float(np.percentile(db, 10))
    )


def ownership(levels: Sequence[Loudness], offsets: Sequence[int]) -> list[np.ndarray]:
    """For each track, its frames that are its owner's (True) rather than another's. Track i
    starts `offsets[i]` frames into the meeting; masks are in each track's own frames.

    A frame is another's when (1) another track is clearly louder there, by its level in
    dBFS or against its owner's speaking level, and (2) what this track hears is no more than
    that track's voice leaking into this microphone, at the leak measured over the meeting.
    Both are needed: a participant who never speaks has crosstalk as their "speaking level",
    and a quiet microphone's owner is not louder in dBFS even while speaking.
    """
    absolute = _aligned([level.db for level in levels], offsets)
    relative = absolute - np.array([[level.speaking_db] for level in levels])
    leak = _leaks(absolute, relative)
    masks = []
    for i, (level, offset) in enumerate(zip(levels, offsets, strict=True)):
        active = (absolute[i] > level.noise_db + ABOVE_NOISE_DB) & (relative[i] > -FLOOR_DB)
        others = [j for j in range(len(levels)) if j != i]
        theirs = np.zeros_like(active)
        if others:
            louder = (absolute[others].max(axis=0) - absolute[i] > LOUDER_DB) | (
                relative[others].max(axis=0) - relative[i] > LOUDER_DB
            )
            heard = (absolute[others] + leak[others, i][:, None]).max(axis=0)
            theirs = louder & (heard >= absolute[i] - LEAK_MARGIN_DB)
        # Widened to keep word edges, but never into another's moment.
        mine = _widen(active & ~theirs, HANGOVER) & ~theirs
        masks.append(mine[offset : offset + len(level.db)])
    return masks


def _aligned(rows: Sequence[np.ndarray], offsets: Sequence[int]) -> np.ndarray:
    length = max((o + len(r) for r, o in zip(rows, offsets, strict=True)), default=0)
    matrix = np.full((len(rows), length), _SILENT_DB)
    for i, (row, offset) in enumerate(zip(rows, offsets, strict=True)):
        matrix[i, offset : offset + len(row)] = row
    return matrix


def _leaks(absolute: np.ndarray, relative: np.ndarray) -> np.ndarray:
    """leak[j, i]: how much quieter track j's owner is on microphone i than on their own (dB,
    at most 0), the median over the moments j's owner speaks."""
    count = len(absolute)
    leak = np.full((count, count), _SILENT_DB)
    for j in range(count):
        speaking = relative[j] >= -DOMINANCE_DB
        if speaking.any():
            differences = absolute[:, speaking] - absolute[j, speaking]
            leak[j] = np.minimum(np.median(differences, axis=1), 0.0)
    return leak


def _widen(mask: np.ndarray, frames: int) -> np.ndarray:
    if not frames or not mask.any():
        return mask
    kernel = np.ones(2 * frames + 1, dtype=np.int32)
    return np.convolve(mask.astype(np.int32), kernel, mode="same") > 0


def write_gated(source: Path, mine: np.ndarray, target: Path) -> float:
    """Write `source` as a 16 kHz 16-bit WAV with every frame not in `mine` silenced; return
    the share of the track that was kept."""
    position = 0
    with wave.open(str(target), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        for chunk in decode_audio(source):
            frames = np.arange(position, position + len(chunk)) // FRAME
            keep = np.zeros(len(chunk), dtype=bool)
            inside = frames < len(mine)
            keep[inside] = mine[frames[inside]]
            gated = np.where(keep, chunk, 0.0)
            out.writeframes((np.clip(gated, -1.0, 1.0) * 32767).astype("<i2").tobytes())
            position += len(chunk)
    return float(mine.mean()) if len(mine) else 0.0


def _placed(segment: Segment, track: Track) -> Segment:
    return segment.model_copy(
        update={
            "start": segment.start + track.offset_s,
            "end": segment.end + track.offset_s,
            "speaker": track.speaker,
        }
    )


class TrackTranscriber:
    """Implements core.ports.TrackTranscriber on top of the one-file Transcriber."""

    def __init__(self, transcriber: Transcriber) -> None:
        self._transcriber = transcriber

    async def transcribe_tracks(
        self,
        tracks: Sequence[Track],
        workdir: Path,
        *,
        language: str | None,
        progress: ProgressReporter,
    ) -> Transcript:
        levels = [await asyncio.to_thread(loudness, t.path) for t in tracks]
        offsets = [round(t.offset_s * SAMPLE_RATE / FRAME) for t in tracks]
        masks = ownership(levels, offsets)
        parts: list[list[Segment]] = []
        languages: list[str | None] = []
        refusals: list[BadRequest] = []
        duration = max(
            (
                t.offset_s + len(level.db) * FRAME / SAMPLE_RATE
                for t, level in zip(tracks, levels, strict=True)
            ),
            default=0.0,
        )
        for number, (track, mine) in enumerate(zip(tracks, masks, strict=True)):
            gated = workdir / f"track-{number}.wav"
            kept = await asyncio.to_thread(write_gated, track.path, mine, gated)
            log.info("tracks.gated", track=number, kept=round(kept, 3))
            try:
                own = await self._transcriber.transcribe(
                    gated, language=language, progress=SilentReporter()
                )
            except BadRequest as exc:
                # What is left of a mostly silent track can be too little to tell a language
                # by; the meeting's language is judged on the other tracks.
                log.warning("tracks.track_unusable", track=number, reason=exc.message)
                refusals.append(exc)
                continue
            finally:
                gated.unlink(missing_ok=True)
            languages.append(own.language)
            parts.append([_placed(s, track) for s in own.segments])
            progress.advance(duration * (number + 1) / len(tracks), duration)
        if refusals and not parts:
            raise refusals[0]
        merged = list(heapq.merge(*parts, key=lambda s: (s.start, s.end)))
        language_found = next((lang for lang in languages if lang), None)
        return Transcript(
            segments=tuple(merged), language=language_found, duration_seconds=duration
        )
