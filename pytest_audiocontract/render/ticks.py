"""Tick labels in fixed point with the precision the ticks need, never scientific notation:
on a linear axis the decimals that write each tick exactly (0.2050, 0.2075, 0.2100, not 0.21
three times), on a log axis the fewest significant figures that keep the labels apart.

Imports matplotlib: only svg_figure.Figure imports this, once a figure is drawn."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from matplotlib.ticker import Formatter

from pytest_audiocontract.render.numbers import fixed

MAX_DECIMALS = 15  # a float holds about 16 significant figures


def step_decimals(locs: Sequence[float]) -> int:
    """The fewest decimals that write every tick of `locs` exactly (ticks 0.2050, 0.2075: 4),
    so the labels show the step between them."""
    steps = [abs(b - a) for a, b in itertools.pairwise(locs) if b != a]
    step = min(steps, default=0.0)
    if not math.isfinite(step) or step <= 0:
        return 0
    tolerance = step * 1e-6  # float noise: 0.30000000000000004 is 0.3
    for decimals in range(MAX_DECIMALS + 1):
        if all(abs(round(v, decimals) - v) <= tolerance for v in locs):
            return decimals
    return MAX_DECIMALS


def decimal_labels(locs: Sequence[float]) -> list[str]:
    """`locs` at one shared number of decimals: the ticks', more where two would read alike."""
    tries = range(step_decimals(locs), MAX_DECIMALS + 1)
    return _first_distinct([[_decimal(v, decimals) for v in locs] for decimals in tries])


def significant_labels(locs: Sequence[float]) -> list[str]:
    """`locs` (a log axis: 0.01, 0.02, 0.05) each at the fewest significant figures, from one,
    that keep every label distinct."""
    tries = range(1, MAX_DECIMALS + 1)
    return _first_distinct([[fixed(v, significant) for v in locs] for significant in tries])


def _first_distinct(candidates: list[list[str]]) -> list[str]:
    """The first list of labels without a repeat, else the last (the most precise)."""
    return next((c for c in candidates if len(set(c)) == len(c)), candidates[-1])


def _decimal(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    return "0" if float(text) == 0 else text  # no "-0.00"


class DistinctFormatter(Formatter):
    """A matplotlib formatter whose labels for one axis's ticks all differ: matplotlib passes
    every tick location to `set_locs` before it asks for any label."""

    def __init__(self, log: bool = False) -> None:
        self.log = log
        self.labels: dict[float, str] = {}

    def set_locs(self, locs: list[float]) -> None:
        super().set_locs(locs)
        shown = [float(v) for v in locs if math.isfinite(v)]
        labels = significant_labels(shown) if self.log else decimal_labels(shown)
        self.labels = dict(zip(shown, labels, strict=True))

    def __call__(self, x: float, pos: int | None = None) -> str:
        found = self.labels.get(float(x))
        if found is not None:
            return found
        return fixed(x, 2) if not self.log else fixed(x, 1)
