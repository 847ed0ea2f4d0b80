"""`--audiocontract-phase checks|timed`: the two halves of the main job (`audiocontract main`).

Timings taken while other pytest-xdist workers share the cores are not worth much, so the main
job runs in two phases over the same selection: `checks` (contracts, docs and the claims on
quality and memory; fine under `-n`), then `timed` (the benchmarks and the claims on speed and
latency), one process alone on the machine. Items of the other phase are deselected.
"""

from __future__ import annotations

import pytest

from pytest_audiocontract.metric_names import EMISSION_METRICS

TIMED_METRICS = frozenset(
    (
        "rtf",
        "cpu_rtf",
        "first_token_latency_ms",
        "finalize_latency_ms",
        "partial_update_rate_hz",
        *EMISSION_METRICS,
    )
)


def is_timed(item: pytest.Item) -> bool:
    """A benchmark, or a claim whose figure is a time (it must not share the cores)."""
    if "benchmark" in getattr(item, "fixturenames", ()):
        return True
    claim = getattr(item, "claim", None)
    return claim is not None and getattr(claim, "metric", None) in TIMED_METRICS


def select_phase(config: pytest.Config, items: list[pytest.Item]) -> None:
    phase = config.getoption("audiocontract_phase", None)
    if phase is None:
        return
    keep = [i for i in items if is_timed(i) == (phase == "timed")]
    dropped = [i for i in items if is_timed(i) != (phase == "timed")]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
