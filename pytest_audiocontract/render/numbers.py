"""Numbers as people read them in a report: fixed point, about three significant figures,
never scientific notation (0.000412, not 4.12e-04), times in the unit that fits them."""

from __future__ import annotations

import math
from collections.abc import Sequence

# (unit, seconds per unit), largest first: a time column is shown in the first unit in which
# its typical value is at least 1.
TIME_UNITS: tuple[tuple[str, float], ...] = (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6))


def fixed(value: float, significant: int = 3) -> str:
    """`value` in fixed point with about `significant` figures (at most 9 decimals)."""
    if not math.isfinite(value):
        return "∞" if value > 0 else ("−∞" if value < 0 else "–")
    if value == 0:
        return "0"
    decimals = max(0, significant - 1 - math.floor(math.log10(abs(value))))
    if decimals > 9:
        return f"<{10**-9:.9f}" if value > 0 else f">-{10**-9:.9f}"
    return f"{value:.{decimals}f}"


def time_unit(seconds: Sequence[float]) -> tuple[str, float]:
    """The unit (and its size in seconds) that shows the median of `seconds` as >= 1."""
    positive = sorted(abs(s) for s in seconds if s and math.isfinite(s))
    if not positive:
        return TIME_UNITS[1]
    typical = positive[len(positive) // 2]
    for unit, size in TIME_UNITS:
        if typical >= size:
            return unit, size
    return TIME_UNITS[-1]


def signed(value: float, significant: int = 3) -> str:
    """`fixed` with its sign always shown (+0.12, −0.5): for margins and changes."""
    text = fixed(abs(value), significant)
    return ("+" if value >= 0 else "−") + text


def plain(value: float) -> str:
    """`value` as written, in fixed point (0.05, 1000, 0.00001): for claimed bounds."""
    if not math.isfinite(value):
        return fixed(value)
    return f"{value:.9f}".rstrip("0").rstrip(".") or "0"
