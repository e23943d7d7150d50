"""faster-whisper's batched pipeline, made to return sentence-sized segments with their times.

`BatchedInferencePipeline` decodes each speech chunk (up to 30 s, made by its VAD) in one pass.
By default it asks Whisper for text only (`without_timestamps=True`), so each chunk comes back
as one block of about half a minute. With timestamps on, Whisper writes a time token where each
of its segments starts and ends (a sentence or a phrase, a few seconds long). faster-whisper
then splits the chunk at those tokens, but it drops the text after the last time token when no
closing one follows: the sequential decoder decodes that tail again from there, the batched
one never does, so those words were lost (in 1 of 9 chunks of the sample meeting, and the end
of a long sentence in real read speech). `SentencePipeline` keeps that tail as a segment that
ends where the chunk ends, and decodes again what Whisper left out when it stopped early.

This module imports faster-whisper, so it is loaded only when a model is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ctranslate2
import numpy as np
from faster_whisper import BatchedInferencePipeline
from faster_whisper.audio import pad_or_trim
from faster_whisper.transcribe import get_compression_ratio

# Whisper's time tokens count steps of 20 ms from the start of its 30-s input.
TIME_STEP = 0.02
# A chunk ends with up to 0.8 s of VAD padding after its last word; Whisper stopping more than
# this before the end has left speech undecoded.
UNFINISHED_SECONDS = 1.5
# A second pass is kept only above Whisper's own threshold for a failed decoding (its
# log_prob_threshold). Real speech found this way scored -0.43 to -0.47; what it wrote on the
# room noise after a last word ("Thank you for watching!", ".") -1.24 and -1.28.
FAILED_LOGPROB = -1.0


@dataclass(frozen=True, slots=True)
class Piece:
    """Text tokens of one segment and their times within the chunk, in seconds."""

    tokens: tuple[int, ...]
    start: float
    end: float


def split_at_timestamps(
    tokens: list[int], *, first_time_token: int, duration: float
) -> list[Piece]:
    """Cut decoded tokens at Whisper's time tokens, keeping every text token.

    Whisper writes `<|t0|> text <|t1|><|t1|> text <|t2|>`: a pair of time tokens ends one
    segment and starts the next. Text after the last time token (no closing one) runs to the
    end of the chunk; text without any time token is one segment for the whole chunk. Times
    are kept inside [0, duration] and never go backwards.
    """
    pieces: list[Piece] = []
    text: list[int] = []
    start = 0.0
    for token in tokens:
        if token < first_time_token:
            text.append(token)
            continue
        time = min(max((token - first_time_token) * TIME_STEP, start), duration)
        if text:
            pieces.append(Piece(tuple(text), start, time))
            text = []
        start = time
    if text:
        pieces.append(Piece(tuple(text), start, max(start, duration)))
    return pieces


class SentencePipeline(BatchedInferencePipeline):  # type: ignore[misc]
    """`BatchedInferencePipeline` with `split_at_timestamps` in place of faster-whisper's split,
    and a second pass for the speech Whisper left at the end of a chunk.

    Whisper sometimes ends its output early: after a sentence it writes a time token and stops,
    seconds before the chunk ends ("Okay, that works for me." lost from the sample meeting).
    The sequential decoder would go on from that time; here the rest of each such chunk is
    decoded again, all of them in one more batch. On CPU the chunk's encoder output is reused
    and the decoder is started at the time it stopped (its prompt ends with that time token):
    a third of the cost of encoding the rest again, which is what other devices do.

    Call `transcribe(..., without_timestamps=False)`. Each segment carries the scores of the
    pass that wrote it (avg_logprob and no_speech_prob are computed per pass over a chunk) and
    its own compression ratio. `chunk_seconds` maps each chunk (by the `seek` of its segments)
    to the seconds of speech it holds, including chunks Whisper wrote nothing for: use one
    pipeline per call (it is only a thin wrapper around the model).
    """

    def __init__(self, model: Any, *, reuse_encoder_output: bool | None = None) -> None:
        super().__init__(model)
        self.chunk_seconds: dict[int, float] = {}
        self._reuse = reuse_encoder_output

    def forward(
        self, features: Any, tokenizer: Any, chunks_metadata: list[dict[str, Any]], options: Any
    ) -> list[list[dict[str, Any]]]:
        fps = self.model.frames_per_second
        encoder_output, outputs = self.generate_segment_batched(features, tokenizer, options)
        results: list[list[dict[str, Any]]] = []
        tails: list[tuple[int, float]] = []  # (chunk index, where Whisper stopped)
        for index, (chunk, output) in enumerate(zip(chunks_metadata, outputs, strict=True)):
            seek, duration = int(chunk["offset"] * fps), chunk["duration"]
            self.chunk_seconds[seek] = duration
            pieces = _split(tokenizer, output, duration)
            stopped = pieces[-1].end if pieces else duration
            if duration - stopped >= UNFINISHED_SECONDS:
                tails.append((index, stopped))
            results.append([_segment(tokenizer, p, output, chunk["offset"], seek) for p in pieces])
        if not tails:
            return results
        for (index, stopped), output in zip(
            tails,
            self._decode_tails(features, encoder_output, tails, tokenizer, options),
            strict=True,
        ):
            if output["avg_logprob"] < FAILED_LOGPROB:
                continue  # what Whisper writes on the noise after the last word
            chunk = chunks_metadata[index]
            seek, offset = int(chunk["offset"] * fps), chunk["offset"]
            pieces = _split(tokenizer, output, chunk["duration"], start=stopped)
            said = results[index][-1]["text"] if results[index] else ""
            found = [_segment(tokenizer, p, output, offset, seek) for p in pieces]
            if found:
                found[0]["text"] = without_overlap(said, found[0]["text"])
            results[index] += found
        return results

    def _decode_tails(
        self,
        features: Any,
        encoder_output: Any,
        tails: list[tuple[int, float]],
        tokenizer: Any,
        options: Any,
    ) -> list[dict[str, Any]]:
        reuse = self._reuse if self._reuse is not None else encoder_output.device == "cpu"
        if not reuse:
            fps = self.model.frames_per_second
            rest = np.stack([pad_or_trim(features[i][:, int(s * fps) :]) for i, s in tails])
            _encoder_output, again = self.generate_segment_batched(rest, tokenizer, options)
            # Times in this pass count from where Whisper stopped.
            return [_shifted(tokenizer, out, s) for out, (_i, s) in zip(again, tails, strict=True)]
        encoded = np.asarray(encoder_output)
        subset = ctranslate2.StorageView.from_array(
            np.ascontiguousarray(encoded[[i for i, _s in tails]])
        )
        prompts = [list(tokenizer.sot_sequence) + [_time_token(tokenizer, s)] for _i, s in tails]
        results = self.model.model.generate(
            subset,
            prompts,
            beam_size=options.beam_size,
            patience=options.patience,
            length_penalty=options.length_penalty,
            max_length=self.model.max_length,
            suppress_blank=options.suppress_blank,
            suppress_tokens=options.suppress_tokens,
            return_scores=True,
            return_no_speech_prob=True,
            sampling_temperature=options.temperatures[0],
            repetition_penalty=options.repetition_penalty,
            no_repeat_ngram_size=options.no_repeat_ngram_size,
        )
        outputs = []
        for result, (_index, stopped) in zip(results, tails, strict=True):
            tokens = result.sequences_ids[0]  # the forced time token comes back first
            if not tokens or tokens[0] < tokenizer.timestamp_begin:
                tokens = [_time_token(tokenizer, stopped), *tokens]
            cumulative = result.scores[0] * len(tokens) ** options.length_penalty
            outputs.append(
                {
                    "tokens": tokens,
                    "avg_logprob": cumulative / (len(tokens) + 1),
                    "no_speech_prob": result.no_speech_prob,
                }
            )
        return outputs


def _time_token(tokenizer: Any, seconds: float) -> int:
    return int(tokenizer.timestamp_begin + round(seconds / TIME_STEP))


def _shifted(tokenizer: Any, output: dict[str, Any], seconds: float) -> dict[str, Any]:
    """An output whose time tokens count from `seconds` into the chunk, as if decoded there."""
    step = round(seconds / TIME_STEP)
    first = tokenizer.timestamp_begin
    tokens = [t + step if t >= first else t for t in output["tokens"]]
    return output | {"tokens": tokens}


def without_overlap(said: str, text: str, *, longest: int = 8) -> str:
    """`text` less the words at its start that end `said`: decoding again from where Whisper
    stopped can repeat the last words it wrote before stopping ("we were all")."""
    before = _words(said)[-longest:]
    words = text.split()
    for size in range(min(len(before), len(words)), 0, -1):
        if [_plain(w) for w in words[:size]] == before[-size:]:
            return " " + " ".join(words[size:]) if words[size:] else ""
    return text


def _words(text: str) -> list[str]:
    return [_plain(w) for w in text.split() if _plain(w)]


def _plain(word: str) -> str:
    return "".join(c for c in word.lower() if c.isalnum() or c == "'")


def _split(
    tokenizer: Any, output: dict[str, Any], duration: float, *, start: float = 0.0
) -> list[Piece]:
    pieces = split_at_timestamps(
        output["tokens"], first_time_token=tokenizer.timestamp_begin, duration=duration
    )
    return [p for p in pieces if p.end >= start]


def _segment(
    tokenizer: Any, piece: Piece, output: dict[str, Any], offset: float, seek: int
) -> dict[str, Any]:
    text = tokenizer.decode(list(piece.tokens))
    return {
        "text": text,
        "tokens": list(piece.tokens),
        "start": offset + piece.start,
        "end": offset + piece.end,
        "avg_logprob": output["avg_logprob"],
        "no_speech_prob": output["no_speech_prob"],
        "compression_ratio": get_compression_ratio(text),
        "seek": seek,
    }
