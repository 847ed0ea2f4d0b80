"""Judge one trial: timing by the interval of paired ratios, quality exactly.

A timing metric regresses when the whole confidence interval of candidate/baseline lies beyond
1 + threshold (lower is better for both wall and CPU seconds); it is `slower` or `faster` when
the interval excludes 1, `same` otherwise. Quality figures (WER, SI-SNR, ...) come out the same on
every call of a deterministic model, so they are compared as numbers: worse beyond the
threshold is a regression. A model whose quality moved between its warm-up and its last round is
flagged as not deterministic (judged on its last round).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from pytest_audiocontract.ab.interleave import Trial
from pytest_audiocontract.ab.paired import Ratio, median_interval, pair_ratios
from pytest_audiocontract.bench.quality import quality
from pytest_audiocontract.results.compare import REGRESSION, exact_verdict, percent_change
from pytest_audiocontract.results.runs import higher_is_better

TIMING = ("wall_s", "cpu_s")


@dataclass(frozen=True)
class Row:
    item: str  # surface/input
    metric: str
    baseline: float
    candidate: float
    ratio: Ratio | None  # timing metrics only
    verdict: str
    note: str = ""

    @property
    def is_regression(self) -> bool:
        return self.verdict == REGRESSION

    @property
    def change_pct(self) -> float:
        if self.ratio is not None:
            return 100.0 * (self.ratio.median - 1.0)
        return 0.0 if self.baseline == self.candidate else percent_change(self.baseline, self.candidate)


def judge_trial(
    trial: Trial, threshold_pct: Callable[[str], float], stems: tuple[str, ...] = ()
) -> list[Row]:
    """Rows for wall_s, cpu_s and each quality metric claimed on the input (`stems`: the
    baseline's separate stems, for SDR)."""
    item = f"{trial.surface}/{trial.bench_input.name}"
    rows = [_timing(item, metric, trial, threshold_pct(metric)) for metric in TIMING]
    base_q = _quality(trial, "baseline", stems)
    cand_q = _quality(trial, "candidate", stems)
    for metric in sorted(base_q.keys() & cand_q.keys()):
        (b, b_stable), (c, c_stable) = base_q[metric], cand_q[metric]
        note = ", ".join(
            f"{side} not deterministic (warm-up and last round differ)"
            for side, stable in (("baseline", b_stable), ("candidate", c_stable))
            if not stable
        )
        rows.append(
            Row(
                item,
                metric,
                b,
                c,
                None,
                exact_verdict(b, c, higher_is_better(metric), threshold_pct(metric)),
                note,
            )
        )
    return rows


def _timing(item: str, metric: str, trial: Trial, threshold_pct: float) -> Row:
    base: list[float] = getattr(trial.baseline, metric)
    cand: list[float] = getattr(trial.candidate, metric)
    ratios = pair_ratios(base, cand)
    median = statistics.median(base), statistics.median(cand)
    if not ratios:
        return Row(item, metric, *median, None, "not measured", "the baseline took no measurable time")
    ratio = median_interval(ratios)
    if ratio.low > 1.0 + threshold_pct / 100.0:
        verdict = REGRESSION
    elif ratio.low > 1.0:
        verdict = "slower"
    elif ratio.high < 1.0:
        verdict = "faster"
    else:
        verdict = "same"
    return Row(item, metric, *median, ratio, verdict)


def _quality(trial: Trial, label: str, stems: tuple[str, ...]) -> dict[str, tuple[float, bool]]:
    """metric -> (value on the last round, whether the warm-up gave the same value)."""
    side = trial.baseline if label == "baseline" else trial.candidate
    data = trial.bench_input
    if not data.quality_metrics:
        return {}
    last = _numbers(quality(data, side.last.outputs, stems))
    warm = _numbers(quality(data, side.warmup_outputs, stems))
    return {m: (v, warm.get(m) == v) for m, v in last.items()}


def _numbers(found: Mapping[str, object]) -> dict[str, float]:
    return {k: float(v) for k, v in found.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
