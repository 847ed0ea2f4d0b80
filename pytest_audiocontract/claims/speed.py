"""Speed and memory figures for claims: median over rounds after a warm-up, never the load."""

from __future__ import annotations

import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

ROUNDS = 3


@dataclass(frozen=True)
class Timing:
    """Per-round totals: seconds of processing and seconds of audio it covered."""

    processing_s: list[float]
    audio_s: list[float]
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def rtf(self) -> float:
        """Median over rounds of processing time / audio duration."""
        return statistics.median(p / a for p, a in zip(self.processing_s, self.audio_s, strict=True) if a > 0)


def time_rounds(run_once: Callable[[], float], rounds: int = ROUNDS) -> Timing:
    """`run_once` processes every input once and returns the seconds of audio it covered."""
    run_once()  # warm-up: first calls pay for lazy initialisation and caches
    processing, audio = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        covered = run_once()
        processing.append(time.perf_counter() - start)
        audio.append(covered)
    return Timing(processing, audio)


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MB (model, runtime and harness)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))
