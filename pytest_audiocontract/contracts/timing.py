"""Shared checks on times (seconds) and scores that several surfaces return."""

from __future__ import annotations

import math
from collections.abc import Sequence

from pytest_audiocontract.contracts.rules import Check

SLACK_S = 0.010  # PACK_SPEC allows 10 ms of slack at the edges


def finite(*values: float) -> bool:
    """Rules skip non-finite numbers: reporting those is finite_outputs' job, not theirs."""
    return all(isinstance(v, (int, float)) and math.isfinite(v) for v in values)


def within_duration(check: Check, spans: Sequence[tuple[float, float]], what: str, duration: float) -> None:
    __tracebackhide__ = True
    for i, (start, end) in enumerate(spans):
        if not finite(start, end):
            continue
        check.expect(
            start >= -SLACK_S and end <= duration + SLACK_S,
            f"{what}[{i}]",
            (start, end),
            f"within [0, {duration:.3f}] s, the input's duration (10 ms slack)",
        )


def in_unit_interval(check: Check, values: Sequence[float], what: str) -> None:
    """Every finite `values[i]` (named `what.format(i)`) lies in [0, 1]."""
    __tracebackhide__ = True
    for i, value in enumerate(values):
        if finite(value):
            check.expect(0.0 <= value <= 1.0, what.format(i), value, "in [0, 1]")


def sorted_by_start(check: Check, starts: Sequence[float], what: str) -> None:
    __tracebackhide__ = True
    for i in range(1, len(starts)):
        if not finite(starts[i - 1], starts[i]):
            continue
        check.expect(
            starts[i - 1] <= starts[i],
            f"{what}[{i}] start",
            starts[i],
            f">= {starts[i - 1]} (sorted by start)",
        )
