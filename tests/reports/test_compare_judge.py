"""How compare judges figures: exact ones by threshold, timing ones only over runs."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from pytest_audiocontract.render.compare_text import run_compare
from pytest_audiocontract.results.compare import Options, compare_runs, judge, smallest_p
from pytest_audiocontract.results.runs import Figure, Run

SCHEMA = "pytest-audiocontract/report"


def fig(metric: str, value: float, higher_is_better: bool = False) -> Figure:
    return Figure("p", "asr/speech_en", metric, value, higher_is_better)


def run(*figures: Figure) -> Run:
    found = Run(Path("r.json"), devices={"cpu: x"})
    for f in figures:
        found.add(f)
    return found


def test_one_run_per_side_never_makes_a_timing_regression() -> None:
    change = judge([fig("rtf", 0.1)], [fig("rtf", 0.3)], Options())
    assert change.verdict == "slower (indicative)" and not change.is_regression
    assert judge([fig("cpu_rtf", 0.1)], [fig("cpu_rtf", 0.105)], Options()).verdict == "same (indicative)"


def test_exact_figures_regress_beyond_their_threshold_in_their_direction() -> None:
    assert judge([fig("wer", 0.10)], [fig("wer", 0.12)], Options()).is_regression
    assert judge([fig("wer", 0.10)], [fig("wer", 0.105)], Options()).verdict == "worse"
    assert judge([fig("wer", 0.10)], [fig("wer", 0.05)], Options()).verdict == "better"
    snr = judge([fig("si_snr_db", 10.0, True)], [fig("si_snr_db", 8.0, True)], Options())
    assert snr.is_regression
    loose = Options(thresholds_pct={"wer": 50.0})
    assert judge([fig("wer", 0.10)], [fig("wer", 0.12)], loose).verdict == "worse"


def test_several_runs_per_side_test_over_runs() -> None:
    old = [fig("rtf", v) for v in (0.10, 0.11, 0.105, 0.12)]
    new = [fig("rtf", v) for v in (0.20, 0.21, 0.22, 0.205)]
    change = judge(old, new, Options())
    assert change.is_regression and change.p_value == pytest.approx(2 / 70)
    overlapping = judge(old, [fig("rtf", v) for v in (0.09, 0.13, 0.11, 0.10)], Options())
    assert overlapping.verdict == "not significant"


def test_too_few_runs_can_never_be_significant() -> None:
    assert smallest_p(2, 2) == pytest.approx(1 / 3)
    assert smallest_p(4, 4) < 0.05
    change = judge([fig("rtf", 0.1), fig("rtf", 0.1)], [fig("rtf", 0.5), fig("rtf", 0.5)], Options())
    assert change.verdict == "not significant"


def test_nan_is_never_better() -> None:
    assert judge([fig("wer", 0.1)], [fig("wer", math.nan)], Options()).is_regression
    assert judge([fig("wer", math.nan)], [fig("wer", 0.1)], Options()).verdict == "no baseline (old is NaN)"


def test_only_figures_on_every_run_compare() -> None:
    old = run(fig("wer", 0.1), fig("rtf", 0.1))
    new = run(fig("wer", 0.1))
    assert [c.key[2] for c in compare_runs([old], [new], Options())] == ["wer"]


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        json.dumps({"schema": SCHEMA, "packs": {"p": {"benchmarks": [{"stats_s": 1}]}}}),
        json.dumps({"benchmarks": [{"stats": None}], "machine_info": {}}),
        json.dumps([1, 2]),
    ],
    ids=["not-json", "report-missing-keys", "save-missing-keys", "a-list"],
)
def test_malformed_files_are_exit_2_naming_the_file(tmp_path: Path, content: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    code, text = run_compare([bad], [bad], Options())
    assert code == 2
    assert text.startswith("audiocontract compare: ") and str(bad) in text
    assert "Traceback" not in text


def test_a_partial_report_is_said_to_be_partial(tmp_path: Path) -> None:
    report = {
        "schema": SCHEMA,
        "schema_version": 1,
        "status": "interrupted",
        "run": {"device": "cpu: x"},
        "packs": {"p": {"claims": [{"surface": "asr", "dataset": "d", "metric": "wer", "measured": 0.2}]}},
    }
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report))
    code, text = run_compare([path], [path], Options())
    assert code == 0
    assert f"note: {path} did not complete (interrupted" in text


def test_paced_emission_latency_in_a_report_is_a_timing_figure(tmp_path: Path) -> None:
    bench = {
        "surface": "asr_stream",
        "input": "speech_en",
        "stats_s": {},
        "rounds_s": [0.5, 0.6],
        "audio_seconds": 10.0,
        "device_fingerprint": "cpu: x",
        "streaming": {"unpaced": {}, "paced": {"emission_latency_p90_ms": 900.0}},
    }
    report = {"schema": SCHEMA, "schema_version": 1, "status": "complete", "run": {"device": "cpu: x"}}
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps({**report, "packs": {"p": {"benchmarks": [bench]}}}))
    slower = {**bench, "streaming": {"paced": {"emission_latency_p90_ms": 1800.0}}}
    new.write_text(json.dumps({**report, "packs": {"p": {"benchmarks": [slower]}}}))
    code, text = run_compare([old], [new], Options())
    row = next(line for line in text.splitlines() if "emission_latency_p90_ms" in line)
    assert "asr_stream/speech_en/paced" in row
    assert row.split()[-2:] == ["worse", "(indicative)"] and code == 0  # timing: never a regression
