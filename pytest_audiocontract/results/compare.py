"""`audiocontract compare OLD... [-- NEW...]`: what got better and worse between runs.

Each metric is judged in its own direction (WER down is better, SNR up is better). Two kinds of
figure are judged differently:

- Exact figures (quality, memory) come out the same on every run of the same code: any change
  beyond the metric's threshold (default 10%) for the worse is a regression.
- Timing figures move with the machine's load, and the load is a property of the run, not of a
  round: the rounds inside one run are not independent samples of it. With one run per side a
  timing change is *indicative*, never a regression. With several runs per side each run is
  one sample, and a Mann-Whitney U test over the runs decides whether a change beyond the
  threshold is more than noise. For a speed verdict from one session, `audiocontract ab`
  interleaves the two models instead.

Runs from different device fingerprints are refused unless `allow_different_devices`. Within
runs of the same machines (merged reports of shards on several machines), a timing figure
measured on one machine in one run and on another in the other is not judged: its verdict
says so, whatever the numbers.
"""

from __future__ import annotations

import dataclasses
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from pytest_audiocontract.results.runs import TIME_METRICS, Figure, Run, measured_by_clock
from pytest_audiocontract.results.significance import mann_whitney_p

DEFAULT_THRESHOLD_PCT = 10.0
ALPHA = 0.05
MIN_TIME_DELTA_S = 0.001

REGRESSION = "REGRESSION"
DIFFERENT_MACHINES = "not compared (measured on different machines)"
INDICATIVE = " (indicative)"


@dataclass(frozen=True)
class Change:
    key: tuple[str, str, str]  # (pack, item, metric)
    old: float  # the median over runs of each side's figure
    new: float
    runs: tuple[int, int]  # how many runs of each side hold the figure
    change_pct: float  # signed, relative to old (inf when old is 0 and new is not)
    p_value: float | None
    verdict: str  # better, worse, same, not significant, REGRESSION, ... (indicative)

    @property
    def is_regression(self) -> bool:
        return self.verdict == REGRESSION


@dataclass
class Options:
    thresholds_pct: dict[str, float] = field(default_factory=dict)
    default_threshold_pct: float = DEFAULT_THRESHOLD_PCT
    alpha: float = ALPHA
    min_time_delta_s: float = MIN_TIME_DELTA_S

    def threshold(self, metric: str) -> float:
        return self.thresholds_pct.get(metric, self.default_threshold_pct)

    def add_thresholds(self, values: Sequence[str]) -> None:
        """Read `--threshold [METRIC=]PCT` values; ValueError naming a bad one."""
        for value in values:
            metric, _, pct = value.rpartition("=")
            try:
                number = float(pct)
            except ValueError:
                number = math.nan
            if not math.isfinite(number) or number < 0:
                raise ValueError(
                    f"--threshold {value!r}, but should be PCT or METRIC=PCT with PCT a "
                    "non-negative number of percent (e.g. 10, or rtf=20)"
                )
            if metric:
                self.thresholds_pct[metric] = number
            else:
                self.default_threshold_pct = number


class DifferentDevices(Exception):
    """The runs were measured on different machines or devices."""


def compare_runs(
    olds: Sequence[Run], news: Sequence[Run], options: Options, allow_different_devices: bool = False
) -> list[Change]:
    """Every figure both sides hold, judged; each side is one or more runs of the same code."""
    if not allow_different_devices:
        _check_devices([*olds, *news])
    keys = set(olds[0].figures)
    for run in [*olds, *news]:
        keys &= set(run.figures)
    changes = []
    for key in sorted(keys):
        old_figures, new_figures = [r.figures[key] for r in olds], [r.figures[key] for r in news]
        change = judge(old_figures, new_figures, options)
        machines = {f.machine for f in [*old_figures, *new_figures] if f.machine}
        if len(machines) > 1 and measured_by_clock(key[2]) and not allow_different_devices:
            change = dataclasses.replace(
                change, change_pct=math.nan, p_value=None, verdict=DIFFERENT_MACHINES
            )
        changes.append(change)
    return changes


def _check_devices(runs: Sequence[Run]) -> None:
    first = runs[0]
    for run in runs[1:]:
        if run.devices != first.devices:
            raise DifferentDevices(
                f"{first.source} was measured on {sorted(first.devices)}, but {run.source} on "
                f"{sorted(run.devices)}; timings from different devices do not compare. Re-run "
                "both on one machine, or pass --allow-different-devices to compare anyway"
            )


def judge(olds: Sequence[Figure], news: Sequence[Figure], options: Options) -> Change:
    first = olds[0]
    key = (first.pack, first.item, first.metric)
    old_values, new_values = [f.value for f in olds], [f.value for f in news]
    old, new = statistics.median(old_values), statistics.median(new_values)
    runs = (len(olds), len(news))

    def change(verdict: str, pct: float = 0.0, p: float | None = None) -> Change:
        return Change(key, old, new, runs, pct, p, verdict)

    exact = exact_verdict(old, new, first.higher_is_better, options.threshold(first.metric))
    if math.isnan(old) or math.isnan(new) or old == new:
        return change(exact, 0.0 if old == new else math.nan)
    pct = percent_change(old, new)
    if not measured_by_clock(first.metric):
        return change(exact, pct)
    worse = (pct < 0) if first.higher_is_better else (pct > 0)
    beyond = abs(pct) > options.threshold(first.metric)
    if first.metric in TIME_METRICS and abs(new - old) * first.seconds_per_unit < options.min_time_delta_s:
        return change("same", pct)
    direction = ("slower" if first.metric in TIME_METRICS else "worse") if worse else "better"
    if min(runs) < 2:
        return change(direction + INDICATIVE if beyond else "same" + INDICATIVE, pct)
    p = mann_whitney_p(old_values, new_values)
    if p >= options.alpha:
        return change("not significant", pct, p)
    return change(REGRESSION if worse and beyond else direction, pct, p)


def exact_verdict(old: float, new: float, higher_is_better: bool, threshold_pct: float) -> str:
    """The verdict on a figure that comes out the same on every run (quality, memory)."""
    if math.isnan(new) and not math.isnan(old):
        return REGRESSION  # a figure that stopped being a number broke
    if math.isnan(old):
        return "no baseline (old is NaN)"
    if old == new:
        return "same"
    pct = percent_change(old, new)
    worse = (pct < 0) if higher_is_better else (pct > 0)
    if worse:
        return REGRESSION if abs(pct) > threshold_pct else "worse"
    return "better"


def percent_change(old: float, new: float) -> float:
    """Signed change relative to `old`, in percent (infinite when `old` is 0 and `new` is not)."""
    return 100 * (new - old) / abs(old) if old else math.copysign(math.inf, new - old)


def smallest_p(n_old: int, n_new: int) -> float:
    """The smallest two-sided p-value an exact Mann-Whitney test over runs can reach: with too
    few runs per side no change is ever significant (2 and 2 runs: p >= 0.33)."""
    return 2.0 / math.comb(n_old + n_new, n_old)
