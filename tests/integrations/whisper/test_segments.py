"""Whisper's tokens cut into segments, and what is kept of them: rules checked on token lists
and scores written here (the real model is in test_transcriber.py)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from integrations.whisper.batched import Piece, split_at_timestamps, without_overlap
from integrations.whisper.quality import Understanding, judge_chunk

T = 50_000  # the first time token in these lists; <|t|> is T + t / 0.02


def at(seconds: float) -> int:
    return T + round(seconds / 0.02)


def split(tokens: list[int], duration: float = 30.0) -> list[Piece]:
    return split_at_timestamps(tokens, first_time_token=T, duration=duration)


def test_pairs_of_time_tokens_end_one_segment_and_start_the_next() -> None:
    tokens = [at(0.0), 1, 2, at(3.5), at(3.5), 3, at(6.0), at(6.4), 4, 5, at(9.0)]
    assert split(tokens) == [
        Piece((1, 2), 0.0, 3.5),
        Piece((3,), 3.5, 6.0),
        Piece((4, 5), 6.4, 9.0),
    ]


def test_words_after_the_last_time_token_run_to_the_end_of_the_chunk() -> None:
    # faster-whisper's batched pipeline drops this tail; nothing decodes it again.
    tokens = [at(0.0), 1, at(4.0), at(4.0), 2, 3]
    assert split(tokens, duration=7.3) == [Piece((1,), 0.0, 4.0), Piece((2, 3), 4.0, 7.3)]


def test_text_without_time_tokens_is_one_segment_for_the_chunk() -> None:
    assert split([1, 2, 3], duration=12.0) == [Piece((1, 2, 3), 0.0, 12.0)]


def test_times_stay_inside_the_chunk_and_never_go_back() -> None:
    tokens = [at(2.0), 1, at(1.0), at(1.0), 2, at(29.0)]
    pieces = split(tokens, duration=10.0)
    assert pieces == [Piece((1,), 2.0, 2.0), Piece((2,), 2.0, 10.0)]


def test_time_tokens_alone_make_no_segment() -> None:
    assert split([at(0.0), at(30.0)]) == []


@pytest.mark.parametrize(
    "said,again,kept",
    [
        ("we had nothing before us, we were all", " We were all going direct", " going direct"),
        ("the fifteenth of March.", " Okay, that works for me.", " Okay, that works for me."),
        ("Do you hear me?", " Do you hear me?", ""),
        ("", " Yes.", " Yes."),
    ],
)
def test_words_decoded_twice_where_whisper_stopped_are_kept_once(
    said: str, again: str, kept: str
) -> None:
    assert without_overlap(said, again) == kept


def piece(text: str, *, logprob: float = -0.2, no_speech: float = 0.1, ratio: float = 1.2) -> Any:
    return SimpleNamespace(
        text=text, avg_logprob=logprob, no_speech_prob=no_speech, compression_ratio=ratio
    )


def test_a_chunk_of_clear_speech_is_kept_whole_and_understood() -> None:
    pieces = [piece("Do you hear me?"), piece("Yes."), piece("Do you hear me?"), piece("Yes.")]
    verdict = judge_chunk(pieces)
    assert verdict.kept == pieces
    assert verdict.understood


def test_one_phrase_over_and_over_is_a_loop_and_dropped() -> None:
    pieces = [piece("Thank you very much.") for _ in range(5)] + [piece("Okay.")]
    verdict = judge_chunk(pieces)
    assert verdict.kept == []
    assert not verdict.understood


def test_a_segment_that_repeats_itself_is_dropped() -> None:
    looping = piece("I don't know, " * 20, ratio=9.0)
    verdict = judge_chunk([piece("Hello."), looping])
    assert [p.text for p in verdict.kept] == ["Hello."]


def test_unsure_non_speech_is_dropped() -> None:
    verdict = judge_chunk([piece("You", logprob=-0.9, no_speech=0.8)])
    assert verdict.kept == []


@pytest.mark.parametrize("text", ["", " ", "...", " - "])
def test_segments_without_words_are_dropped(text: str) -> None:
    assert judge_chunk([piece(text)]).kept == []


def test_words_whisper_is_unsure_of_are_kept_but_not_understood() -> None:
    # Noisy English can score this low too: the words stay, only the language check counts.
    verdict = judge_chunk([piece("This is a very important solution.", logprob=-1.0)])
    assert len(verdict.kept) == 1
    assert not verdict.understood


def test_speech_mostly_not_understood_is_flagged() -> None:
    heard = Understanding()
    heard.add(20.0, understood=False)
    heard.add(5.0, understood=True)
    assert heard.not_understood


@pytest.mark.parametrize(
    "chunks",
    [
        [(20.0, False), (8.0, True)],  # some English is enough: transcribe it
        [(3.5, False)],  # too little speech to judge
        [],  # nothing found: the "no speech" case, not a language one
    ],
)
def test_speech_partly_understood_or_too_short_is_not_flagged(
    chunks: list[tuple[float, bool]],
) -> None:
    heard = Understanding()
    for seconds, understood in chunks:
        heard.add(seconds, understood=understood)
    assert not heard.not_understood
