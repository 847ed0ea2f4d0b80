"""The sign-test interval of the median pair ratio, against its definition."""

from __future__ import annotations

import math

import pytest

from pytest_audiocontract.ab.paired import median_interval, pair_ratios, pairs_needed


def test_ten_pairs_give_the_second_and_ninth_ratio() -> None:
    ratios = [1.0 + i / 100 for i in range(10)]  # 1.00 .. 1.09
    found = median_interval(ratios[::-1])
    assert (found.low, found.high) == (1.01, 1.08)
    # P(Binomial(10, 1/2) <= 1) = 11/1024 on each side
    assert found.coverage == pytest.approx(1 - 2 * 11 / 1024)
    assert found.median == pytest.approx(1.045)


@pytest.mark.parametrize("n", [6, 7, 10, 20, 31])
def test_coverage_is_at_least_95_percent_and_as_tight_as_allowed(n: int) -> None:
    found = median_interval([float(i) for i in range(n)])
    assert found.coverage >= 0.95
    k = int(found.low) + 1  # the interval is [x_(k), x_(n-k+1)]
    tighter = 1 - 2 * sum(math.comb(n, i) for i in range(k + 1)) / 2**n
    assert tighter < 0.95 or k + 1 > n - k


def test_six_pairs_are_the_fewest_for_95_percent() -> None:
    assert pairs_needed() == 6
    assert median_interval([1.0] * 5).coverage < 0.95


def test_pairs_with_a_zero_baseline_are_left_out() -> None:
    assert pair_ratios([0.0, 2.0, 4.0], [1.0, 3.0, 2.0]) == [1.5, 0.5]
    with pytest.raises(ValueError, match="no pairs"):
        median_interval([])
