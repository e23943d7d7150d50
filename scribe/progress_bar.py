"""A progress bar on stderr for `scribe process`, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from core.domain import STATE_LABELS, JobState

# Whisper reports a batch of chunks at a time (minutes of audio on CPU, many seconds apart):
# between reports the bar moves on at the pace measured so far, never past this much audio.
LARGEST_STEP_S = 240.0
TICK_S = 1.0


class PaceEstimate:
    """Where transcription probably is now, from the positions reported so far.

    Moves at the average pace since the first report, at most `largest_step` beyond the last
    one, and never back: a report behind the estimate holds it until the work catches up.
    """

    def __init__(
        self, *, clock: Callable[[], float] = time.monotonic, largest_step: float = LARGEST_STEP_S
    ) -> None:
        self._clock, self._largest_step = clock, largest_step
        self._started: float | None = None
        self._reported, self._reported_at, self._shown, self._total = 0.0, 0.0, 0.0, 0.0

    def reported(self, done: float, total: float) -> float:
        now = self._clock()
        if self._started is None:
            self._started = now
        self._reported, self._reported_at, self._total = done, now, total
        self._shown = max(self._shown, done)
        return self._shown

    @property
    def total(self) -> float:
        return self._total

    def now(self) -> float:
        """The estimated position: the last report plus the pace so far times the time since."""
        if self._started is None or self._reported <= 0:
            return self._shown
        pace = self._reported / max(self._reported_at - self._started, 1e-6)
        guess = self._reported + pace * (self._clock() - self._reported_at)
        ceiling = min(self._total, self._reported + self._largest_step)
        self._shown = max(self._shown, min(guess, ceiling))
        return self._shown


class TerminalProgressBar:
    """Implements core.ports.Progress with a rich bar; `advance` may come from any thread."""

    def __init__(self, *, enabled: bool | None = None) -> None:
        console = Console(stderr=True)
        self._enabled = sys.stderr.isatty() if enabled is None else enabled
        self._bar = Progress(
            TextColumn("{task.description:<22}"),
            BarColumn(),
            TextColumn("{task.fields[position]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            disable=not self._enabled,
        )
        self._task: TaskID | None = None
        self._pace: PaceEstimate | None = None
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._ticker = threading.Thread(target=self._tick, name="progress-ticker", daemon=True)

    def __enter__(self) -> TerminalProgressBar:
        self._bar.start()
        self._task = self._bar.add_task("Starting", total=None, position="")
        if self._enabled:
            self._ticker.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stopped.set()
        if self._ticker.is_alive():
            self._ticker.join()
        self._bar.stop()

    async def stage(self, state: JobState) -> None:
        if self._task is not None:
            total = 1.0 if state == "transcribing" else None
            with self._lock:
                self._pace = PaceEstimate() if state == "transcribing" else None
            self._bar.update(
                self._task, description=STATE_LABELS[state].text, total=total, completed=0
            )

    def advance(self, done_seconds: float, total_seconds: float) -> None:
        if self._task is None or total_seconds <= 0:
            return
        with self._lock:
            shown = self._pace.reported(done_seconds, total_seconds) if self._pace else done_seconds
        self._show(shown, total_seconds)

    def _tick(self) -> None:
        while not self._stopped.wait(TICK_S):
            with self._lock:
                pace = self._pace
                shown = pace.now() if pace is not None else None
                total = pace.total if pace is not None else 0.0
            if shown is not None and total > 0:
                self._show(shown, total)

    def _show(self, done_seconds: float, total_seconds: float) -> None:
        if self._task is None:
            return
        position = f"{_mmss(done_seconds)} / {_mmss(total_seconds)}"
        self._bar.update(self._task, total=total_seconds, completed=done_seconds, position=position)


def _mmss(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"
