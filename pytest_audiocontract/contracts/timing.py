"""Shared checks on times (seconds) that several surfaces return."""

from __future__ import annotations

from collections.abc import Sequence

from pytest_audiocontract.contracts.rules import Check

SLACK_S = 0.010  # PACK_SPEC allows 10 ms of slack at the edges


def within_duration(check: Check, spans: Sequence[tuple[float, float]], what: str,
                    duration: float) -> None:
    __tracebackhide__ = True
    for i, (start, end) in enumerate(spans):
        check.expect(-SLACK_S <= start and end <= duration + SLACK_S, f"{what}[{i}]",
                     (start, end), f"within [0, {duration:.3f}] s, the input's duration "
                     f"(10 ms slack)")


def sorted_by_start(check: Check, starts: Sequence[float], what: str) -> None:
    __tracebackhide__ = True
    for i in range(1, len(starts)):
        check.expect(starts[i - 1] <= starts[i], f"{what}[{i}] start", starts[i],
                     f">= {starts[i - 1]} (sorted by start)")
