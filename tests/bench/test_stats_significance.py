"""Percentiles and Mann-Whitney U, against numpy, scipy and hand computations."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from pytest_audiocontract.bench.stats import percentiles, summary
from pytest_audiocontract.results.significance import (
    mann_whitney_p,
    mann_whitney_p_fallback,
    u_statistic,
)


def test_percentiles_of_1_to_100_interpolate_linearly() -> None:
    found = percentiles([float(v) for v in range(1, 101)])
    # linear interpolation at rank p/100 * 99 (0-based): 1 + 0.99 * p
    assert found == pytest.approx({"p50": 50.5, "p90": 90.1, "p95": 95.05, "p99": 99.01})


def test_summary_matches_numpy() -> None:
    values = [0.3, 0.1, 0.2, 0.5]
    found = summary(values)
    assert found["median"] == pytest.approx(float(np.median(values)))
    assert found["stddev"] == pytest.approx(float(np.std(values, ddof=1)))
    assert (found["min"], found["max"]) == (0.1, 0.5)
    assert summary([]) == {} and summary([2.0])["stddev"] == 0.0


def test_u_statistic_counts_pairs_and_half_ties() -> None:
    assert u_statistic([3.0, 4.0], [1.0, 2.0]) == 4.0
    assert u_statistic([1.0, 2.0], [2.0, 3.0]) == 0.5


def test_exact_p_of_fully_separated_samples() -> None:
    # 3 vs 3 separated: 2 of the C(6,3) = 20 orderings are as extreme (two-sided)
    assert mann_whitney_p_fallback([1.0, 2.0, 3.0], [4.0, 5.0, 6.0]) == pytest.approx(0.1)
    # 5 vs 5 separated: 2 / C(10,5) = 2 / 252
    assert mann_whitney_p_fallback([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]) == pytest.approx(2 / 252)


@pytest.mark.parametrize(("n1", "n2", "shift"), [(5, 5, 0.3), (4, 7, 0.0), (6, 6, 1.0), (30, 25, 0.2)])
def test_fallback_agrees_with_scipy(n1: int, n2: int, shift: float) -> None:
    stats = pytest.importorskip("scipy.stats", reason="scipy is the reference implementation")
    rng = random.Random(n1 * 100 + n2)
    a = [rng.random() for _ in range(n1)]
    b = [rng.random() + shift for _ in range(n2)]
    expected = stats.mannwhitneyu(a, b, alternative="two-sided").pvalue
    assert mann_whitney_p_fallback(a, b) == pytest.approx(expected, rel=1e-6)


def test_fallback_with_ties_agrees_with_scipy_normal_approximation() -> None:
    stats = pytest.importorskip("scipy.stats", reason="scipy is the reference implementation")
    a, b = [1.0, 2.0, 2.0, 3.0, 5.0], [2.0, 3.0, 4.0, 4.0, 6.0, 7.0]
    expected = stats.mannwhitneyu(a, b, alternative="two-sided", method="asymptotic").pvalue
    assert mann_whitney_p_fallback(a, b) == pytest.approx(expected, rel=1e-9)


def test_too_few_rounds_or_equal_values_are_never_significant() -> None:
    assert mann_whitney_p([1.0], [2.0, 3.0]) == 1.0
    assert mann_whitney_p([1.0, 1.0], [1.0, 1.0]) == 1.0
    assert not math.isnan(mann_whitney_p([1.0, 2.0], [3.0, 4.0]))
