"""`audiocontract compare OLD NEW`: what got better and worse between two runs.

Each metric is judged in its own direction (WER down is better, SNR up is better). Where both
runs have rounds, a Mann-Whitney U test marks changes that are not significant; timing
changes smaller than an absolute floor (`min_time_delta_s`) count as noise too. A change for
the worse beyond the metric's threshold (default 10%) that is significant is a regression,
and the command exits 1. Runs from different device fingerprints are refused (exit 2) unless
`allow_different_devices`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pytest_audiocontract.results.runs import TIME_METRICS, Figure, Run, load_run
from pytest_audiocontract.results.significance import mann_whitney_p

DEFAULT_THRESHOLD_PCT = 10.0
ALPHA = 0.05
MIN_TIME_DELTA_S = 0.001


@dataclass(frozen=True)
class Change:
    old: Figure
    new: Figure
    change_pct: float  # signed, relative to old (inf when old is 0 and new is not)
    p_value: float | None
    verdict: str  # "better", "worse", "same", "not significant", "REGRESSION"

    @property
    def is_regression(self) -> bool:
        return self.verdict == "REGRESSION"


@dataclass
class Options:
    thresholds_pct: dict[str, float] = field(default_factory=dict)
    default_threshold_pct: float = DEFAULT_THRESHOLD_PCT
    alpha: float = ALPHA
    min_time_delta_s: float = MIN_TIME_DELTA_S

    def threshold(self, metric: str) -> float:
        return self.thresholds_pct.get(metric, self.default_threshold_pct)


class DifferentDevices(Exception):
    """The two runs were measured on different machines or devices."""


def compare_runs(old: Run, new: Run, options: Options, allow_different_devices: bool = False) -> list[Change]:
    if old.devices != new.devices and not allow_different_devices:
        raise DifferentDevices(
            f"{old.source} was measured on {sorted(old.devices)}, but {new.source} on "
            f"{sorted(new.devices)}; timings from different devices do not compare. Re-run "
            "both on one machine, or pass --allow-different-devices to compare anyway"
        )
    return [
        judge(old.figures[key], new.figures[key], options)
        for key in sorted(old.figures.keys() & new.figures.keys())
    ]


def judge(old: Figure, new: Figure, options: Options) -> Change:
    if old.value == new.value:
        return Change(old, new, 0.0, None, "same")
    change = (new.value - old.value) / abs(old.value) if old.value else float("inf")
    worse = (change < 0) if old.higher_is_better else (change > 0)
    p = mann_whitney_p(old.rounds, new.rounds) if len(old.rounds) > 1 and len(new.rounds) > 1 else None
    if p is not None and p >= options.alpha:
        return Change(old, new, 100 * change, p, "not significant")
    if (
        old.metric in TIME_METRICS
        and abs(new.value - old.value) * old.seconds_per_unit < options.min_time_delta_s
    ):
        return Change(old, new, 100 * change, p, "same")
    if worse and abs(change) * 100 > options.threshold(old.metric):
        return Change(old, new, 100 * change, p, "REGRESSION")
    return Change(old, new, 100 * change, p, "worse" if worse else "better")


def render(changes: list[Change]) -> str:
    rows = [("pack", "item", "metric", "old", "new", "change", "p", "verdict")]
    for c in changes:
        rows.append(
            (
                c.old.pack,
                c.old.item,
                c.old.metric,
                f"{c.old.value:.4g}",
                f"{c.new.value:.4g}",
                f"{c.change_pct:+.1f}%",
                "–" if c.p_value is None else f"{c.p_value:.3g}",
                c.verdict,
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in rows)


def run_compare(
    old_path: Path, new_path: Path, options: Options, allow_different_devices: bool = False
) -> tuple[int, str]:
    """(exit status, text): 0 no regression, 1 regression(s), 2 refused or unreadable."""
    try:
        old, new = load_run(old_path), load_run(new_path)
        changes = compare_runs(old, new, options, allow_different_devices)
    except (ValueError, DifferentDevices) as exc:
        return 2, f"audiocontract compare: {exc}"
    if not changes:
        return 2, (
            f"audiocontract compare: {old_path} and {new_path} share no pack, item "
            "and metric; nothing to compare"
        )
    text = render(changes)
    regressions = [c for c in changes if c.is_regression]
    if regressions:
        named = ", ".join(
            f"{c.old.pack} {c.old.item} {c.old.metric} {c.change_pct:+.1f}%" for c in regressions
        )
        return 1, f"{text}\n\n{len(regressions)} regression(s): {named}"
    return 0, f"{text}\n\nno regression beyond the thresholds"
