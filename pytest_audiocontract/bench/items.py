"""Benchmark items: `bench::<surface>[<pack>/<input>]`, one per pack, surface and input.

Each is a `pytest.Function` that requests pytest-benchmark's `benchmark` fixture and calls
`benchmark.pedantic(...)` on one pass over its input, so `--benchmark-save`,
`--benchmark-compare(-fail)` and `pytest-benchmark compare` treat them like any benchmark.
The model is loaded in setup (RunState caches it), never inside the timed rounds. Collected
with `--benchmark-only` or `--audiocontract-bench` (see docs/benchmarks.md).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

import pytest

from pytest_audiocontract.item_key import ItemKey, NodeArgs, callspec, tag
from pytest_audiocontract.session import run_state
from pytest_audiocontract.spec.model import PackSpec

DEFAULT_ROUNDS = 5


class _Rounds(Protocol):
    data: list[float]  # each round's wall seconds


class _Stats(Protocol):
    stats: _Rounds


class Benchmark(Protocol):
    """What a benchmark item uses of pytest-benchmark's `benchmark` fixture (BenchmarkFixture)."""

    disabled: bool
    extra_info: dict[str, object]
    stats: _Stats

    def pedantic(
        self,
        target: Callable[[], object],
        *,
        setup: Callable[[], object] | None = None,
        rounds: int = 1,
        warmup_rounds: int = 0,
        iterations: int = 1,
    ) -> object: ...


def bench_enabled(config: pytest.Config) -> bool:
    """Benchmarks are collected with --benchmark-only or --audiocontract-bench."""
    from pytest_audiocontract.bench.xdist import bench_only

    return bench_only(config) or bool(config.getoption("audiocontract_bench", False))


def chunk_ms_for(config: pytest.Config, spec: PackSpec) -> float:
    """--chunk-ms, else the pack's asr_stream `chunk_ms` fact, else 160 ms."""
    from pytest_audiocontract.bench.streaming import DEFAULT_CHUNK_MS

    given = config.getoption("chunk_ms", None)
    if given:
        return float(given)
    return float(spec.facts("asr_stream").get("chunk_ms", DEFAULT_CHUNK_MS))


class BenchCollector(pytest.Collector):
    def __init__(
        self, *, spec: PackSpec, surfaces: list[str], combos: list[tuple[str, str]], **kwargs: NodeArgs
    ) -> None:
        super().__init__(**kwargs)
        self.spec, self.surfaces, self.combos = spec, surfaces, combos

    def collect(self) -> Iterator[pytest.Item]:
        from pytest_audiocontract.bench.inputs import input_names
        from pytest_audiocontract.collect import combo_id

        for surface in self.surfaces:
            for name in input_names(self.spec, surface):
                for variant, device in self.combos:
                    params = f"{combo_id(self.spec, variant, device)}/{name}"
                    item = BenchItem.from_parent(
                        self,
                        name=f"{surface}[{params}]",
                        originalname=surface,
                        callspec=callspec(params),
                        callobj=_bench,
                        spec=self.spec,
                        surface=surface,
                        input_name=name,
                        variant=variant,
                        device=device,
                    )
                    key = ItemKey(
                        "benchmark",
                        self.spec.id,
                        "bench",
                        item.name,
                        surface=surface,
                        rule="benchmark",
                        variant=variant,
                        device=device,
                        input=name,
                    )
                    tag(item, key)
                    yield item

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.spec.claims_file, 0, f"{self.spec.id} benchmarks"


def _bench(benchmark: Benchmark, request: pytest.FixtureRequest) -> None:
    node = request.node
    assert isinstance(node, BenchItem)
    node.run_benchmark(benchmark)


class BenchItem(pytest.Function):
    """One surface of one pack timed on one input (a dataset pass or a synthetic burst)."""

    def __init__(
        self, *, spec: PackSpec, surface: str, input_name: str, variant: str, device: str, **kwargs: NodeArgs
    ) -> None:
        super().__init__(**kwargs)
        self.spec, self.surface, self.input_name = spec, surface, input_name
        self.variant, self.device = variant, device
        self.add_marker(pytest.mark.audiocontract(pack=spec.id, surface=surface, rule="benchmark"))

    def setup(self) -> None:
        from pytest_audiocontract.errors import MissingRequirement

        try:
            run_state(self.config).binding(self.spec, self.variant, self.device)
        except MissingRequirement as exc:
            from pytest_audiocontract.skip_causes import skip_missing

            skip_missing(self, exc)
        super().setup()

    def run_benchmark(self, benchmark: Benchmark) -> None:
        from pytest_audiocontract.bench.inputs import bench_input
        from pytest_audiocontract.bench.record import benchmark_record
        from pytest_audiocontract.bench.run import round_target
        from pytest_audiocontract.gates.speed import cpu_clock_for, time_rounds
        from pytest_audiocontract.isolation.memory_probe import probe_memory
        from pytest_audiocontract.results.records import attach

        state = run_state(self.config)
        model = state.binding(self.spec, self.variant, self.device).model
        data = bench_input(self.spec, self.surface, self.input_name, self.config.rootpath)
        chunk_ms = chunk_ms_for(self.config, self.spec)
        target, last = round_target(model, self.surface, data, chunk_ms)
        rounds = int(self.config.getoption("benchmark_min_rounds", DEFAULT_ROUNDS) or DEFAULT_ROUNDS)
        cpu_clock = cpu_clock_for(model)
        with _harness_frozen():
            if getattr(benchmark, "disabled", False):
                # Off (--benchmark-disable, or under xdist): its pedantic call is the warm-up
                # round (the fixture counts as used), and we time the rounds ourselves.
                benchmark.pedantic(target)
                timing = time_rounds(_no_audio(target), rounds, cpu_clock=cpu_clock, warmup=False)
                times, cpu_times = timing.processing_s, timing.cpu_s
            else:
                # The CPU clock is read in pytest-benchmark's setup, outside its timed call.
                cpu = CpuMarks(cpu_clock)
                benchmark.pedantic(target, setup=cpu.mark, rounds=rounds, warmup_rounds=1, iterations=1)
                cpu.mark()
                times, cpu_times = list(benchmark.stats.stats.data), cpu.rounds(rounds)
        memory = probe_memory(
            self.spec,
            self.variant,
            self.device,
            lambda isolated: round_target(isolated, self.surface, data, chunk_ms)[0](),
            state.isolation,
        )
        record = benchmark_record(self, model, data, last, times, chunk_ms, state, cpu_times, memory)
        extra = record["extra_info"]
        if not getattr(benchmark, "disabled", False) and isinstance(extra, dict):
            benchmark.extra_info.update(extra)
        attach(self, record)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        # A line, not None: pytest's Node.warn (pytest-benchmark's warnings) needs one.
        return self.spec.claims_file, 0, f"{self.spec.id}: benchmark {self.name}"


@contextmanager
def _harness_frozen() -> Iterator[None]:
    """Keep the collector off pytest's own objects while rounds are timed: a full collection
    in a test session walks every collected item, and the model under test would pay for it."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


class CpuMarks:
    """CPU-clock readings taken between rounds; the differences are each round's CPU seconds."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.marks: list[float] = []

    def mark(self) -> None:
        self.marks.append(self.clock())

    def rounds(self, count: int) -> list[float]:
        """The last `count` rounds (earlier marks belong to warm-up rounds)."""
        spans = [b - a for a, b in zip(self.marks, self.marks[1:], strict=False)]
        return spans[-count:] if count else []


def _no_audio(target: Callable[[], object]) -> Callable[[], float]:
    """`target` as a `time_rounds` pass (the record counts the audio from the last round)."""

    def run_once() -> float:
        target()
        return 0.0

    return run_once
