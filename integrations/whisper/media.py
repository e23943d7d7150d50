"""Media files through PyAV (FFmpeg): checked before work starts, decoded as a stream.

Whisper wants 16 kHz mono float32. Decoding a whole meeting at once costs 64 kB per second of
audio (230 MB for an hour, more for the features built from it), so audio is decoded in
windows that end at a quiet moment, and memory stays flat whatever the length.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
import structlog

from core.errors import BadRequest

log = structlog.get_logger(__name__)

SAMPLE_RATE = 16_000
_FRAME = SAMPLE_RATE // 10  # 100 ms, the unit for finding a quiet cut point
_MAX_BAD_PACKETS = 50


@dataclass(frozen=True, slots=True)
class AudioWindow:
    offset_seconds: float
    samples: np.ndarray  # float32, mono, SAMPLE_RATE


class PyAVInspector:
    """Refuses files that are missing, empty, not media, without audio, or cut short."""

    def inspect(self, path: Path) -> float:
        if not path.is_file():
            raise BadRequest(f"{path.name}: no such file")
        if path.stat().st_size == 0:
            raise BadRequest(f"{path.name} is empty")
        try:
            with av.open(str(path), metadata_errors="ignore") as container:
                if not container.streams.audio:
                    raise BadRequest(_no_audio(path, has_video=bool(container.streams.video)))
                stream = container.streams.audio[0]
                declared = _declared_seconds(container, stream)
                readable, cut_short = _demux(container, stream)
        except av.FFmpegError as exc:
            reason = _reason(exc)
            raise BadRequest(
                f"{path.name} is not a media file FFmpeg can read ({reason})"
            ) from None
        if readable <= 0:
            raise BadRequest(f"{path.name} contains no audio")
        # A download cut short still opens, but its header promises more than its packets
        # hold, or its last packet is incomplete, or (Ogg) its last page does not end the stream.
        if cut_short or (declared and readable < declared * 0.9 - 0.5) or not _ogg_complete(path):
            raise BadRequest(
                f"{path.name} is truncated or corrupt: only {readable:.0f} s"
                + (f" of {declared:.0f} s" if declared > readable + 1 else "")
                + " can be read"
            )
        return readable


def _no_audio(path: Path, *, has_video: bool) -> str:
    if has_video:
        return f"{path.name} has no audio track"
    return f"{path.name} is not an audio or video file"


def _reason(exc: av.FFmpegError) -> str:
    return str(getattr(exc, "strerror", None) or type(exc).__name__)


def _declared_seconds(container: av.container.InputContainer, stream: av.AudioStream) -> float:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    return 0.0


def _demux(container: av.container.InputContainer, stream: av.AudioStream) -> tuple[float, bool]:
    """Read every packet without decoding: the seconds of audio the file really holds, and
    whether its last packet is incomplete."""
    last_end = 0.0
    last_corrupt = False
    for packet in container.demux(stream):
        if packet.pts is None or packet.time_base is None:
            continue  # the flush packet PyAV yields at the end
        last_end = max(last_end, float((packet.pts + (packet.duration or 0)) * packet.time_base))
        last_corrupt = packet.is_corrupt
    start = 0.0
    if stream.start_time is not None and stream.time_base is not None:
        start = float(stream.start_time * stream.time_base)
    return max(0.0, last_end - start), last_corrupt


def _ogg_complete(path: Path) -> bool:
    """Ogg has no length in its header; a whole stream ends with a page flagged end-of-stream."""
    with path.open("rb") as fh:
        if fh.read(4) != b"OggS":
            return True
        fh.seek(max(0, path.stat().st_size - 65_536))
        tail = fh.read()
    page = tail.rfind(b"OggS")
    if page < 0 or len(tail) < page + 27:
        return False
    segments = tail[page + 26]
    lacing = tail[page + 27 : page + 27 + segments]
    complete = len(tail) >= page + 27 + segments + sum(lacing)
    return complete and bool(tail[page + 5] & 0x04)


def decode_audio(path: Path) -> Iterator[np.ndarray]:
    """Yield 16 kHz mono float32 chunks as they are decoded. Damaged packets are skipped.

    Decoded frames (20 ms each in Opus) are gathered into about 2 s before resampling, as
    faster-whisper's own decoder does: one resampler call per frame cost twice the time.
    """
    resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
    fifo = av.AudioFifo()
    bad_packets = 0
    with av.open(str(path), metadata_errors="ignore") as container:
        stream = container.streams.audio[0]
        group = 2 * (stream.rate or SAMPLE_RATE)
        for packet in container.demux(stream):
            try:
                frames = packet.decode()
            except av.FFmpegError:
                bad_packets += 1
                if bad_packets > _MAX_BAD_PACKETS:
                    raise BadRequest(
                        f"{path.name} is corrupt: too many undecodable packets"
                    ) from None
                continue
            for frame in frames:
                frame.pts = None  # one clock across skipped packets, for the FIFO and resampler
                fifo.write(frame)
            if fifo.samples >= group:
                yield from _resampled(resampler, fifo.read())
        if fifo.samples:
            yield from _resampled(resampler, fifo.read())
        yield from _resampled(resampler, None)
    if bad_packets:
        log.warning("media.packets_skipped", count=bad_packets)


def _resampled(resampler: av.AudioResampler, frame: av.AudioFrame | None) -> Iterator[np.ndarray]:
    for out in resampler.resample(frame):
        yield out.to_ndarray().reshape(-1)


def audio_windows(
    chunks: Iterator[np.ndarray], *, window_seconds: float, search_seconds: float = 20.0
) -> Iterator[AudioWindow]:
    """Group decoded chunks into windows of about `window_seconds`, cut at the quietest 100 ms
    of the last `search_seconds`, so a cut rarely falls inside a word."""
    target = int(window_seconds * SAMPLE_RATE)
    search = int(search_seconds * SAMPLE_RATE)
    pending: list[np.ndarray] = []
    pending_len = 0
    offset = 0
    for chunk in chunks:
        pending.append(chunk)
        pending_len += len(chunk)
        if pending_len < target + search:
            continue
        buffer = np.concatenate(pending)
        cut = _quiet_cut(buffer[target - search : target + search]) + target - search
        yield AudioWindow(offset / SAMPLE_RATE, buffer[:cut])
        offset += cut
        pending, pending_len = [buffer[cut:]], len(buffer) - cut
    if pending_len:
        yield AudioWindow(offset / SAMPLE_RATE, np.concatenate(pending))


def _quiet_cut(region: np.ndarray) -> int:
    frames = len(region) // _FRAME
    if frames == 0:
        return len(region) // 2
    energy = np.square(region[: frames * _FRAME].reshape(frames, _FRAME)).mean(axis=1)
    return int(np.argmin(energy)) * _FRAME + _FRAME // 2
