"""Figure tick labels: distinct along an axis however narrow its range, in fixed point, and as
precise as the ticks (an RTF axis from 0.2050 to 0.2150 once read 0.21 five times)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("matplotlib", reason="matplotlib is not installed: pip install matplotlib")

from matplotlib.ticker import LogLocator, MaxNLocator

from pytest_audiocontract.render.svg_figure import Figure
from pytest_audiocontract.render.ticks import decimal_labels, significant_labels

SCIENTIFIC = re.compile(r"\d[eE][-+]?\d")


def _x_labels(values: list[float]) -> list[str]:
    figure = Figure()
    figure.ax.scatter(values, range(len(values)))
    figure.log_x(values)
    figure.fig.canvas.draw()
    low, high = figure.ax.get_xlim()
    shown = [
        t.get_text()
        for t in figure.ax.get_xticklabels()
        if low <= t.get_position()[0] <= high and t.get_text()
    ]
    figure.svg("test figure")  # closes it
    return shown


def test_a_narrow_rtf_range_gets_distinct_labels_with_the_digits_it_needs() -> None:
    shown = _x_labels([0.2056, 0.2143])  # the main job's asr figure
    assert len(shown) >= 3 and len(set(shown)) == len(shown), shown
    assert len({len(label.partition(".")[2]) for label in shown}) == 1, shown  # one precision per axis


def test_a_wide_range_on_a_log_axis_keeps_its_short_labels() -> None:
    shown = _x_labels([0.0001, 0.002])
    assert len(set(shown)) == len(shown) and "0.0001" in shown and "0.001" in shown, shown


@settings(max_examples=200, deadline=None)
@given(
    low=st.floats(1e-6, 1e3, allow_nan=False),
    width=st.floats(1e-6, 10.0, allow_nan=False),
)
def test_linear_ticks_of_any_range_read_apart_and_never_in_scientific_notation(
    low: float, width: float
) -> None:
    high = low * (1 + width)
    ticks = [float(v) for v in MaxNLocator(6).tick_values(low, high)]
    labels = decimal_labels(ticks)
    assert len(set(labels)) == len(labels), (ticks, labels)
    assert not any(SCIENTIFIC.search(label) for label in labels), labels
    for tick, label in zip(ticks, labels, strict=True):  # each label is its tick, to its precision
        assert float(label) == pytest.approx(tick, abs=10 ** -len(label.partition(".")[2]) / 2 + 1e-12)


@settings(max_examples=100, deadline=None)
@given(low=st.floats(1e-7, 1.0, allow_nan=False), decades=st.floats(1.0, 6.0, allow_nan=False))
def test_log_ticks_read_apart(low: float, decades: float) -> None:
    ticks = [float(v) for v in LogLocator(base=10, subs=(1.0, 2.0, 5.0)).tick_values(low, low * 10**decades)]
    labels = significant_labels(ticks)
    assert len(set(labels)) == len(labels), (ticks, labels)
    assert not any(SCIENTIFIC.search(label) for label in labels), labels
