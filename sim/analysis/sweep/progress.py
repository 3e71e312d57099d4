"""A progress bar for many jobs, with the estimated time left, on stderr."""

import sys
import time
from typing import TextIO


class JobProgress:
    """Jobs done of all, elapsed time and time left; redrawn in place on a terminal, every 10 % otherwise."""

    def __init__(self, label: str, total: int, already_done: int = 0, stream: TextIO | None = None):
        """Start the clock; jobs done before (a resumed sweep) count as done but not towards the speed."""
        self.label = label
        self.total = total
        self.already_done = already_done
        self.done = already_done
        self.stream = stream or sys.stderr
        self.started = time.monotonic()
        self.last_tenth = -1

    def advance(self, jobs: int) -> None:
        """Record finished jobs and redraw."""
        self.done += jobs
        self.draw()

    def seconds_left(self) -> float | None:
        """Return the estimated seconds left from this session's pace, or None before the first job."""
        fresh = self.done - self.already_done
        if fresh <= 0:
            return None
        return (time.monotonic() - self.started) / fresh * (self.total - self.done)

    def text(self) -> str:
        """Return the bar as one line."""
        fraction = self.done / self.total if self.total else 1.0
        filled = int(fraction * 30)
        left = self.seconds_left()
        left_text = "?" if left is None else _duration(left)
        elapsed = _duration(time.monotonic() - self.started)
        bar = "#" * filled + "." * (30 - filled)
        jobs = f"{self.done}/{self.total} jobs"
        return f"{self.label} [{bar}] {fraction:4.0%} {jobs}, {elapsed} elapsed, {left_text} left"

    def draw(self) -> None:
        """Write the bar: in place on a terminal, otherwise one line per tenth."""
        if self.stream.isatty():
            self.stream.write("\r" + self.text())
        else:
            tenth = int(10 * self.done / max(self.total, 1))
            if tenth <= self.last_tenth:
                return
            self.last_tenth = tenth
            self.stream.write(self.text() + "\n")
        self.stream.flush()

    def close(self) -> None:
        """End the bar's line on a terminal."""
        if self.stream.isatty():
            self.stream.write("\n")
            self.stream.flush()


def _duration(seconds: float) -> str:
    seconds = max(seconds, 0.0)
    if seconds < 60:
        return f"{seconds:.0f}s"
    if seconds < 3600:
        return f"{seconds // 60:.0f}m{seconds % 60:02.0f}s"
    return f"{seconds // 3600:.0f}h{seconds % 3600 // 60:02.0f}m"
