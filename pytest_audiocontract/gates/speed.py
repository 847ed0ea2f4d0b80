"""Speed figures for claims: median over rounds after a warm-up, never the load.

Every round records wall seconds (`time.perf_counter`) and CPU seconds of the process doing
the work (every thread of it, and the commands it ran and waited for: the test process, or
the worker under --isolate). Wall time
is what a user waits for; CPU time is what the model costs, and moves far less when other
jobs share the cores (see docs/benchmarks.md).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pytest_audiocontract.isolation.usage import cpu_seconds
from pytest_audiocontract.json_types import JSONObject

ROUNDS = 3

Clock = Callable[[], float]


@dataclass(frozen=True)
class Timing:
    """Per-round totals: wall seconds of processing, CPU seconds, and seconds of audio covered."""

    processing_s: list[float]
    audio_s: list[float]
    extras: dict[str, object] = field(default_factory=dict)
    cpu_s: list[float] = field(default_factory=list)

    @property
    def rtf(self) -> float:
        """Median over rounds of wall processing time / audio duration."""
        return _median_ratio(self.processing_s, self.audio_s)

    @property
    def cpu_rtf(self) -> float:
        """Median over rounds of CPU seconds / audio duration."""
        return _median_ratio(self.cpu_s, self.audio_s)

    def figures(self) -> JSONObject:
        """The medians and every round, for a claim's details (keys as in report.json)."""
        return {
            "rounds": len(self.audio_s),
            "wall_s": median(self.processing_s),
            "cpu_s": median(self.cpu_s) if self.cpu_s else None,
            "rtf": self.rtf,
            "cpu_rtf": self.cpu_rtf if self.cpu_s else None,
            "processing_s": [*self.processing_s],
            "cpu_rounds_s": [*self.cpu_s],
            "audio_s": self.audio_s[0],
        }


def _median_ratio(values: Sequence[float], audio: Sequence[float]) -> float:
    return statistics.median(v / a for v, a in zip(values, audio, strict=True) if a > 0)


def cpu_clock_for(model: object) -> Clock:
    """The CPU clock of the process that runs `model`: its worker's under --isolate."""
    worker_clock = getattr(type(model), "worker_cpu_seconds", None)
    if worker_clock is not None:
        return lambda: float(worker_clock(model))
    return cpu_seconds


def time_rounds(
    run_once: Callable[[], float],
    rounds: int = ROUNDS,
    *,
    clock: Clock = time.perf_counter,
    cpu_clock: Clock = cpu_seconds,
    warmup: bool = True,
) -> Timing:
    """`run_once` processes every input once and returns the seconds of audio it covered.
    `warmup=False` when the caller has run its own warm-up round."""
    if warmup:
        run_once()  # first calls pay for lazy initialisation and caches
    processing, cpu, audio = [], [], []
    for _ in range(rounds):
        cpu_start = cpu_clock()
        start = clock()
        covered = run_once()
        processing.append(clock() - start)
        cpu.append(cpu_clock() - cpu_start)
        audio.append(covered)
    return Timing(processing, audio, cpu_s=cpu)


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))
