"""`--benchmark-only` under pytest-xdist (`-n`).

pytest-benchmark turns itself off under xdist and then refuses `--benchmark-only` ("Can't have
both --benchmark-only and --benchmark-disable"). Our benchmark items time themselves when it is
off (docs/benchmarks.md), so the option keeps its meaning: before pytest-benchmark reads it, it
becomes our own "benchmarks only" flag, and every item that is not a benchmark is skipped, as
pytest-benchmark would skip it.
"""

from __future__ import annotations

import os

import pytest

from pytest_audiocontract.session import RUN_STATE, run_state

SKIP_REASON = "Skipping non-benchmark (--benchmark-only active; timed by audiocontract under xdist)."


def xdist_active(config: pytest.Config) -> bool:
    return (
        config.getoption("dist", "no") != "no"
        or hasattr(config, "workerinput")
        or bool(os.environ.get("PYTEST_XDIST_WORKER"))
    )


def adopt_benchmark_only(config: pytest.Config) -> None:
    """Run after the run state is set up (it keeps the flag), before pytest-benchmark
    configures (it configures last)."""
    if (
        run_state(config).bench_only
        and xdist_active(config)
        and not config.getoption("benchmark_disable", False)
    ):
        config.option.benchmark_only = False


def bench_only(config: pytest.Config) -> bool:
    """--benchmark-only was given (pytest-benchmark may no longer see it: see above)."""
    state = config.stash.get(RUN_STATE, None)
    return (state is not None and state.bench_only) or bool(config.getoption("benchmark_only", False))


def skip_non_benchmarks(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not run_state(config).bench_only or config.getoption("benchmark_only", False):
        return  # not asked for, or pytest-benchmark does it itself
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if "benchmark" not in getattr(item, "fixturenames", ()):
            item.add_marker(skip)
