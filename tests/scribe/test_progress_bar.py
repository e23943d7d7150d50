"""The CLI's progress bar keeps moving between Whisper's reports, which come minutes of audio
apart on CPU, without running ahead of the work or going back."""

from __future__ import annotations

from scribe.progress_bar import PaceEstimate


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_nothing_moves_before_the_first_audio_is_done() -> None:
    clock = Clock()
    pace = PaceEstimate(clock=clock)
    pace.reported(0.0, 600.0)
    clock.now += 30

    assert pace.now() == 0.0


def test_between_reports_it_moves_at_the_pace_so_far() -> None:
    clock = Clock()
    pace = PaceEstimate(clock=clock)
    pace.reported(0.0, 3600.0)
    clock.now += 10
    pace.reported(120.0, 3600.0)  # 12 s of audio per second

    clock.now += 2
    assert pace.now() == 144.0
    clock.now += 3
    assert pace.now() == 180.0


def test_it_never_runs_more_than_one_step_ahead_or_past_the_end() -> None:
    clock = Clock()
    pace = PaceEstimate(clock=clock, largest_step=60.0)
    pace.reported(0.0, 200.0)
    clock.now += 1
    pace.reported(100.0, 200.0)

    clock.now += 50
    assert pace.now() == 160.0  # one step past the last report, not 100 + 5000

    pace.reported(190.0, 200.0)
    clock.now += 50
    assert pace.now() == 200.0


def test_a_late_report_never_moves_the_bar_back() -> None:
    clock = Clock()
    pace = PaceEstimate(clock=clock)
    pace.reported(0.0, 3600.0)
    clock.now += 10
    pace.reported(100.0, 3600.0)
    clock.now += 10
    assert pace.now() == 200.0

    assert pace.reported(150.0, 3600.0) == 200.0
    assert pace.now() >= 200.0
