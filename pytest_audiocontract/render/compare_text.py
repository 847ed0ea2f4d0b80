"""What `audiocontract compare` prints, and its exit status."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from pytest_audiocontract.render.aligned import aligned
from pytest_audiocontract.results.compare import (
    Change,
    DifferentDevices,
    Options,
    compare_runs,
    smallest_p,
)
from pytest_audiocontract.results.runs import Run, load_run

ONE_RUN_NOTE = (
    "Timing figures (time_s, rtf, cpu_s, cpu_rtf, stream latencies) from one run per side are "
    "indicative only: rounds inside a run share that run's machine load, so they are not "
    "independent samples and no p-value over them means anything. For a speed verdict run "
    "`audiocontract ab BASELINE CANDIDATE` (both interleaved in one session), or give several "
    "runs per side: `audiocontract compare OLD1 OLD2 OLD3 OLD4 -- NEW1 NEW2 NEW3 NEW4`."
)


def run_compare(
    old_paths: Sequence[Path],
    new_paths: Sequence[Path],
    options: Options,
    allow_different_devices: bool = False,
    into: Path | None = None,
) -> tuple[int, str]:
    """(exit status, text): 0 no regression, 1 regression(s), 2 refused or unreadable.
    `into`: a report folder whose report.json and report.html also get the changes."""
    try:
        olds, news = [load_run(p) for p in old_paths], [load_run(p) for p in new_paths]
        changes = compare_runs(olds, news, options, allow_different_devices)
    except (ValueError, DifferentDevices) as exc:
        return 2, f"audiocontract compare: {exc}"
    if not changes:
        return 2, (
            f"audiocontract compare: {_names(old_paths)} and {_names(new_paths)} share no pack, "
            "item and metric; nothing to compare"
        )
    notes = [*_status_notes([*olds, *news]), *_coverage_notes(olds, news, changes)]
    notes.append(_timing_note(len(olds), len(news), options.alpha))
    text = "\n\n".join([render(changes), *notes])
    if into is not None:
        try:
            page = _record(into, old_paths, new_paths, changes, notes[-1])
        except (OSError, ValueError) as exc:
            return 2, f"audiocontract compare: {exc}"
        text += f"\n\nchanges recorded in {page}"
    regressions = [c for c in changes if c.is_regression]
    if regressions:
        named = ", ".join(f"{' '.join(c.key)} {_pct(c.change_pct)}" for c in regressions)
        return 1, f"{text}\n\n{len(regressions)} regression(s): {named}"
    return 0, f"{text}\n\nno regression beyond the thresholds"


def _record(into: Path, olds: Sequence[Path], news: Sequence[Path], changes: list[Change], note: str) -> Path:
    from pytest_audiocontract.results.record_comparison import record_comparison

    rows = [
        {
            "pack": c.key[0],
            "item": c.key[1],
            "metric": c.key[2],
            "old": c.old,
            "new": c.new,
            "change_pct": c.change_pct,
            "p_value": c.p_value,
            "verdict": c.verdict,
        }
        for c in changes
    ]
    return record_comparison(into, f"audiocontract compare {_names(olds)} -> {_names(news)}", rows, note)


def render(changes: list[Change]) -> str:
    runs = changes[0].runs
    header = ("pack", "item", "metric", "old", "new", "change", "p", "verdict")
    if runs != (1, 1):
        header = (*header[:3], f"old (median of {runs[0]})", f"new (median of {runs[1]})", *header[5:])
    rows = [header]
    for c in changes:
        pack, item, metric = c.key
        p = "–" if c.p_value is None else f"{c.p_value:.3g}"
        rows.append((pack, item, metric, f"{c.old:.4g}", f"{c.new:.4g}", _pct(c.change_pct), p, c.verdict))
    return "\n".join(aligned(rows))


def _pct(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:+.1f}%"


def _names(paths: Sequence[Path]) -> str:
    return ", ".join(map(str, paths))


def _timing_note(n_old: int, n_new: int, alpha: float) -> str:
    if min(n_old, n_new) < 2:
        return ONE_RUN_NOTE
    floor = smallest_p(n_old, n_new)
    text = (
        f"Timing figures are judged over runs ({n_old} old, {n_new} new; Mann-Whitney U, "
        f"alpha {alpha:g}); quality and memory figures compare exactly."
    )
    if floor >= alpha:
        text += (
            f" With {n_old} and {n_new} runs the smallest reachable p is {floor:.3g}, so no timing "
            "change can be significant: give at least 4 runs per side."
        )
    return text


def _status_notes(runs: Sequence[Run]) -> list[str]:
    return [
        f"note: {run.source} did not complete ({run.status}: not every item ran); only what it holds compares"
        for run in runs
        if run.status != "complete"
    ]


def _coverage_notes(olds: Sequence[Run], news: Sequence[Run], changes: list[Change]) -> list[str]:
    compared = {c.key for c in changes}
    notes = []
    for side, runs in (("old", olds), ("new", news)):
        extra = {key for run in runs for key in run.figures} - compared
        if extra:
            sample = ", ".join(" ".join(k) for k in sorted(extra)[:3])
            notes.append(
                f"note: {len(extra)} figure(s) only on the {side} side, not compared (e.g. {sample})"
            )
    return notes
