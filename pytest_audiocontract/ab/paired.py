"""Paired ratios of candidate to baseline, with a distribution-free confidence interval.

Rounds of A and B run back to back, so each pair saw the same machine load; the ratio
candidate/baseline of one pair cancels most of that load. The interval is for the median of the
pair ratios, from order statistics (the sign-test interval): exact for any distribution, no
resampling, so the same rounds always give the same verdict.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

CONFIDENCE = 0.95


@dataclass(frozen=True)
class Ratio:
    median: float
    low: float
    high: float
    coverage: float  # the interval's exact coverage (at least CONFIDENCE when pairs suffice)
    pairs: int


def pair_ratios(baseline: Sequence[float], candidate: Sequence[float]) -> list[float]:
    """candidate[i] / baseline[i] for each pair with a positive baseline."""
    return [c / b for b, c in zip(baseline, candidate, strict=True) if b > 0]


def median_interval(values: Sequence[float], confidence: float = CONFIDENCE) -> Ratio:
    """The median of `values` and the widest-ranked order-statistic interval [x_(k), x_(n-k+1)]
    whose coverage is at least `confidence` (all values when too few for it)."""
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        raise ValueError("no pairs to judge")
    k, coverage = 1, _coverage(n, 1)
    while k + 1 <= n - k and _coverage(n, k + 1) >= confidence:
        k += 1
        coverage = _coverage(n, k)
    return Ratio(float(statistics.median(ordered)), ordered[k - 1], ordered[n - k], coverage, n)


def _coverage(n: int, k: int) -> float:
    """P(x_(k) <= median <= x_(n-k+1)) = 1 - 2 P(Binomial(n, 1/2) <= k - 1)."""
    tail: float = sum(math.comb(n, i) for i in range(k)) / 2**n
    return 1.0 - 2.0 * tail


def pairs_needed(confidence: float = CONFIDENCE) -> int:
    """The fewest pairs whose full range [min, max] covers the median with `confidence`."""
    n = 1
    while _coverage(n, 1) < confidence:
        n += 1
    return n
