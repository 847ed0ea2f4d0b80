"""pytest-benchmark's own table, only when asked for.

Our benchmark items are pytest-benchmark benchmarks, so it prints its 270-column table of them
(no-op and reference rows included) before the audiocontract tables, which say the same with
units, inputs and quality. Unless the user asks for it (`--audiocontract-benchmark-table`, or
any `--benchmark-*` option beyond those that choose what runs and how it is timed), the run
sets its public `--benchmark-quiet` before it configures: no table, while saving, comparing and
`--benchmark-compare-fail` work as before.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable

import pytest

# Options that only select or time benchmarks: they do not ask for pytest-benchmark's output.
NOT_DISPLAY = frozenset(
    {
        "--benchmark-only",
        "--benchmark-skip",
        "--benchmark-disable",
        "--benchmark-enable",
        "--benchmark-min-rounds",
        "--benchmark-min-time",
        "--benchmark-max-time",
        "--benchmark-timer",
        "--benchmark-calibration-precision",
        "--benchmark-warmup",
        "--benchmark-warmup-iterations",
        "--benchmark-disable-gc",
        "--benchmark-quiet",
    }
)


def asks_for_table(args: Iterable[str]) -> bool:
    """Whether `args` hold an option that asks for pytest-benchmark's own output."""
    for arg in args:
        name = arg.split("=", 1)[0]
        if name == "--audiocontract-benchmark-table":
            return True
        if name.startswith("--benchmark-") and name not in NOT_DISPLAY:
            return True
    return False


def given_args(config: pytest.Config) -> list[str]:
    """The command line as pytest read it: the ini's addopts, PYTEST_ADDOPTS, then the arguments."""
    import os

    addopts = config.getini("addopts")
    ini = shlex.split(addopts) if isinstance(addopts, str) else list(addopts)
    return [*ini, *shlex.split(os.environ.get("PYTEST_ADDOPTS", "")), *config.invocation_params.args]


def quiet_unless_asked(config: pytest.Config) -> None:
    """Run before pytest-benchmark configures (it configures last)."""
    if not hasattr(config.option, "benchmark_quiet") or asks_for_table(given_args(config)):
        return
    config.option.benchmark_quiet = True
