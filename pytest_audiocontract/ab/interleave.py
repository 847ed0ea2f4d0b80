"""Run two models' benchmark inputs alternately, each in its own worker process.

Each model lives in a spawned worker (the `--isolate` machinery), so the two never share an
interpreter, a heap or an import of the same pack id. Per round and side the runner records:

- wall seconds inside the worker's calls (pickling and the pipe excluded: the model's own time),
- CPU seconds of the worker (every thread of it),

and after a warm-up pass each, the order within every pair of rounds is drawn at random (seeded),
so neither side always runs first, on a cooler or a warmer cache. A round repeats the input
until the baseline's warm-up would have taken MIN_ROUND_S (both sides the same number of times),
so that reading the clocks stays a negligible part of a round.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from pytest_audiocontract.bench.inputs import BenchInput
from pytest_audiocontract.bench.run import LastRound, round_target

MIN_ROUND_S = 0.05
MAX_REPEATS = 1000


class TimedModel(Protocol):
    """A model in its own worker (an IsolatedModel): the surface's methods, and its clocks."""

    busy_s: float  # seconds inside the worker's calls so far

    def worker_cpu_seconds(self) -> float: ...


@dataclass
class Side:
    """One of the two models, as the runner drives it."""

    label: str  # "baseline" or "candidate"
    model: TimedModel
    wall_s: list[float] = field(default_factory=list)
    cpu_s: list[float] = field(default_factory=list)
    warmup_outputs: list[object] = field(default_factory=list)
    last: LastRound = field(default_factory=LastRound)


@dataclass(frozen=True)
class Trial:
    """One surface and input, measured on both sides."""

    surface: str
    bench_input: BenchInput
    baseline: Side
    candidate: Side
    order: list[str]  # who ran first in each pair: "AB" or "BA"
    repeats: int  # passes over the input per round


def interleave(
    surface: str,
    bench_input: BenchInput,
    baseline: TimedModel,
    candidate: TimedModel,
    rounds: int,
    rng: random.Random,
    chunk_ms: float = 160.0,
) -> Trial:
    sides = [Side("baseline", baseline), Side("candidate", candidate)]
    targets: list[Callable[[], None]] = []
    warmup_s = []
    for side in sides:
        run_once, side.last = round_target(side.model, surface, bench_input, chunk_ms)
        targets.append(run_once)
        busy_before = side.model.busy_s
        run_once()  # warm-up: lazy initialisation and caches, outside the figures
        warmup_s.append(side.model.busy_s - busy_before)
        side.warmup_outputs = list(side.last.outputs)
    repeats = repeats_for(warmup_s[0])
    order = []
    for _ in range(rounds):
        first = rng.randrange(2)
        order.append("AB" if first == 0 else "BA")
        for index in (first, 1 - first):
            _timed(sides[index], targets[index], repeats)
    return Trial(surface, bench_input, sides[0], sides[1], order, repeats)


def repeats_for(pass_s: float) -> int:
    """Passes per round so that a round takes about MIN_ROUND_S."""
    if pass_s <= 0:
        return MAX_REPEATS
    return max(1, min(MAX_REPEATS, math.ceil(MIN_ROUND_S / pass_s)))


def _timed(side: Side, run_once: Callable[[], None], repeats: int) -> None:
    cpu_before, busy_before = side.model.worker_cpu_seconds(), side.model.busy_s
    for _ in range(repeats):
        run_once()
    side.wall_s.append(side.model.busy_s - busy_before)
    side.cpu_s.append(side.model.worker_cpu_seconds() - cpu_before)
