"""What long work is doing now and how far it is, on stderr.

On a terminal, one line redrawn in place: `[#####-----] 3/12 faster_whisper asr_stream 1.2 s`.
Elsewhere (CI logs, pipes), one plain line per step: `[3/12] faster_whisper asr_stream`. The
stream and the clock are arguments, so tests see both modes without a terminal or a timer.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

BAR_WIDTH = 20


class Progress:
    """`step(label)` before each of `total` steps; `done()` ends a terminal bar's line."""

    def __init__(
        self,
        total: int,
        *,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
        tty: bool | None = None,
        width: int = 100,
    ) -> None:
        self.total, self.count = total, 0
        self.stream = sys.stderr if stream is None else stream
        self.clock = clock
        self.tty = _is_tty(self.stream) if tty is None else tty
        self.width = width  # a bar's line is cut to this many characters
        self.started = clock()
        self._drawn = False

    def step(self, label: str) -> None:
        """Step `count + 1` of `total` starts now: say so."""
        self.count += 1
        if self.tty:
            self._draw(label)
        else:
            self.stream.write(f"[{self.count}/{self.total}] {label}\n")
        self.stream.flush()

    def note(self, text: str) -> None:
        """A line of its own (a result, a problem) that leaves the bar below it."""
        if self.tty and self._drawn:
            self.stream.write("\r\x1b[K")
        self.stream.write(text + "\n")
        self._drawn = False
        self.stream.flush()

    def done(self) -> None:
        if self.tty and self._drawn:
            elapsed = self.clock() - self.started
            self.stream.write(f"\r\x1b[K{self.total}/{self.total} done in {elapsed:.1f} s\n")
            self.stream.flush()
            self._drawn = False

    def _draw(self, label: str) -> None:
        filled = BAR_WIDTH * (self.count - 1) // max(self.total, 1)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        elapsed = self.clock() - self.started
        line = f"[{bar}] {self.count}/{self.total} {label} ({elapsed:.1f} s)"
        self.stream.write("\r\x1b[K" + line[: self.width])
        self._drawn = True


def _is_tty(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
