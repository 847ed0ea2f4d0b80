"""Summary statistics of timed rounds: medians and tail percentiles."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

import numpy as np

PERCENTILES = (50, 90, 95, 99)


def percentiles(values: Sequence[float], points: Sequence[int] = PERCENTILES) -> dict[str, float]:
    """`{"p50": ..., "p90": ...}` of `values` (linear interpolation, numpy's default); empty
    input gives an empty dict."""
    if not values:
        return {}
    found = np.percentile(np.asarray(values, dtype=np.float64), list(points))
    return {f"p{p}": float(v) for p, v in zip(points, found, strict=True)}


def summary(values: Sequence[float]) -> dict[str, float]:
    """min, max, mean, median, stddev (sample, 0 for one value) and the percentiles."""
    if not values:
        return {}
    return {
        "min": float(min(values)),
        "max": float(max(values)),
        "mean": float(statistics.fmean(values)),
        "median": float(statistics.median(values)),
        "stddev": float(statistics.stdev(values)) if len(values) > 1 else 0.0,
        **percentiles(values),
    }
