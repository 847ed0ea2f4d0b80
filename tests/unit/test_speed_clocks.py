"""Wall and CPU seconds per round, on injected clocks (no real timing is asserted)."""

from __future__ import annotations

import itertools

import pytest

from pytest_audiocontract.bench.items import CpuMarks
from pytest_audiocontract.gates.speed import cpu_clock_for, time_rounds


def _ticks(step: float) -> object:
    counter = itertools.count()
    return lambda: next(counter) * step


def test_time_rounds_records_wall_and_cpu_per_round() -> None:
    wall, cpu = _ticks(1.0), _ticks(0.25)
    calls = []

    def run_once() -> float:
        calls.append(1)
        return 2.0  # seconds of audio

    timing = time_rounds(run_once, rounds=3, clock=wall, cpu_clock=cpu)  # type: ignore[arg-type]
    assert len(calls) == 4  # one warm-up
    assert timing.processing_s == [1.0, 1.0, 1.0]
    assert timing.cpu_s == [0.25, 0.25, 0.25]
    assert timing.rtf == pytest.approx(0.5) and timing.cpu_rtf == pytest.approx(0.125)
    figures = timing.figures()
    assert figures["wall_s"] == 1.0 and figures["cpu_s"] == 0.25 and figures["rounds"] == 3


def test_cpu_marks_drop_the_warm_up_rounds() -> None:
    readings = iter([0.0, 5.0, 6.0, 8.0, 11.0])  # warm-up 5 s, then rounds of 1, 2, 3 s
    marks = CpuMarks(lambda: next(readings))
    for _ in range(5):
        marks.mark()
    assert marks.rounds(3) == [1.0, 2.0, 3.0]


def test_rounds_after_the_callers_own_warm_up_are_all_timed() -> None:
    calls = []

    def run_once() -> float:
        calls.append(1)
        return 0.0

    timing = time_rounds(run_once, 4, clock=_ticks(0.5), cpu_clock=_ticks(1.0), warmup=False)  # type: ignore[arg-type]
    assert len(calls) == 4 and timing.processing_s == [0.5] * 4
    assert timing.cpu_s == [1.0] * 4


def test_cpu_clock_of_an_isolated_model_is_its_workers() -> None:
    class Isolated:
        def worker_cpu_seconds(self) -> float:
            return 42.0

    assert cpu_clock_for(Isolated())() == 42.0
    assert cpu_clock_for(object()) is not None
