"""Mann-Whitney U over two sets of rounds: is a change more than noise?

scipy's `mannwhitneyu` when scipy is installed; otherwise the exact distribution of U for
small samples without ties, and the normal approximation (tie-corrected, continuity-
corrected) for the rest. Both two-sided.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache

EXACT_MAX_PRODUCT = 400  # n1 * n2 up to this, without ties: the exact distribution


def mann_whitney_p(a: Sequence[float], b: Sequence[float]) -> float:
    """Two-sided p-value that `a` and `b` come from one distribution (1.0 when either has
    fewer than 2 values or all values are equal)."""
    if len(a) < 2 or len(b) < 2 or len({*a, *b}) == 1:
        return 1.0
    try:
        from scipy.stats import mannwhitneyu
    except ImportError:
        return mann_whitney_p_fallback(a, b)
    return float(mannwhitneyu(a, b, alternative="two-sided").pvalue)


def u_statistic(a: Sequence[float], b: Sequence[float]) -> float:
    """U of `a`: pairs (x in a, y in b) with x > y, ties counting one half."""
    return sum(1.0 if x > y else 0.5 if x == y else 0.0 for x in a for y in b)


def mann_whitney_p_fallback(a: Sequence[float], b: Sequence[float]) -> float:
    n1, n2 = len(a), len(b)
    u = u_statistic(a, b)
    ties = len(set(a) | set(b)) < n1 + n2
    if not ties and n1 * n2 <= EXACT_MAX_PRODUCT:
        low = min(u, n1 * n2 - u)
        tail = sum(_count(n1, n2, k) for k in range(int(low) + 1)) / math.comb(n1 + n2, n1)
        return min(1.0, 2.0 * tail)
    return _normal_p(a, b, u)


@cache
def _count(n1: int, n2: int, u: int) -> int:
    """Arrangements of n1 + n2 distinct values in which U of the first sample equals u."""
    if u < 0 or u > n1 * n2:
        return 0
    if n1 == 0 or n2 == 0:
        return 1 if u == 0 else 0
    # the largest value belongs to sample 1 (beats all n2) or to sample 2 (beats nothing)
    return _count(n1 - 1, n2, u - n2) + _count(n1, n2 - 1, u)


def _normal_p(a: Sequence[float], b: Sequence[float], u: float) -> float:
    n1, n2 = len(a), len(b)
    n = n1 + n2
    counts: dict[float, int] = {}
    for value in [*a, *b]:
        counts[value] = counts.get(value, 0) + 1
    tie_term = sum(t**3 - t for t in counts.values()) / (n * (n - 1))
    sigma = math.sqrt(n1 * n2 / 12.0 * ((n + 1) - tie_term))
    if sigma == 0:
        return 1.0
    z = (abs(u - n1 * n2 / 2.0) - 0.5) / sigma
    return min(1.0, math.erfc(max(z, 0.0) / math.sqrt(2.0)))
