"""`audiocontract main`: the checks phase under -n, the timed phase alone, one merged report."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from pytest_audiocontract.cli.main_job import combined_status, phase_commands

ROOT = Path(__file__).resolve().parents[2]


def collected(pytester: pytest.Pytester, *args: str) -> set[str]:
    result = pytester.runpytest_subprocess(
        "--collect-only", "-q", "-p", "no:cacheprovider", "--model-pack=./reference_enhance", *args
    )
    return {line for line in result.outlines if "::" in line}


def test_the_two_phases_split_the_run_between_them(pytester: pytest.Pytester) -> None:
    shutil.copytree(ROOT / "model_packs" / "reference_enhance", pytester.path / "reference_enhance")
    every = collected(pytester, "--audiocontract-bench")
    checks = collected(pytester, "--audiocontract-bench", "--audiocontract-phase=checks")
    timed = collected(pytester, "--audiocontract-bench", "--audiocontract-phase=timed")
    assert checks | timed == every
    assert not checks & timed
    assert {i.split("::")[1] for i in timed} == {"bench", "claims"}  # benchmarks and the rtf claim
    assert all("rtf" in i for i in timed if "::claims::" in i)
    assert any("::enhance::" in i for i in checks)


def test_the_phases_run_the_same_selection_checks_under_xdist_and_timed_alone(tmp_path: Path) -> None:
    checks, timed = phase_commands(tmp_path, "2", ["--model-pack", "rnnoise"])
    assert checks[:3] == timed[:3] == [sys.executable, "-m", "pytest"]
    assert checks[3:5] == timed[3:5] == ["--model-pack", "rnnoise"]
    assert checks[checks.index("-n") + 1] == "2"
    assert "-n" not in timed and "no:xdist" in timed
    assert f"--audiocontract-report={tmp_path / 'checks'}" in checks
    assert f"--audiocontract-report={tmp_path / 'timed'}" in timed
    default = phase_commands(tmp_path, "2", [])[0]
    assert default[3:6] == ["--model-pack", "all", "--ci-only"]


@pytest.mark.parametrize(
    ("codes", "status"),
    [([0, 0], 0), ([1, 0], 1), ([0, 1], 1), ([5, 0], 0), ([5, 5], 5), ([2], 2), ([1, 4], 4), ([0, 0, 2], 2)],
)
def test_the_exit_status_is_the_worst_phase(codes: list[int], status: int) -> None:
    assert combined_status(codes) == status


def test_main_writes_one_report_of_both_phases(pytester: pytest.Pytester) -> None:
    import json

    from pytest_audiocontract.cli.main_job import main_command

    shutil.copytree(ROOT / "model_packs" / "reference_enhance", pytester.path / "reference_enhance")
    report = pytester.path / "reports"
    status = main_command(report, "2", ["--model-pack=./reference_enhance", "-p", "no:cacheprovider"])
    assert status == 0
    merged = json.loads((report / "report.json").read_text())
    pack = merged["packs"]["reference_enhance"]
    assert [e["environment"] for e in merged["environments"]] == ["checks", "timed"]
    assert len(pack["contracts"]) == 6 and len(pack["benchmarks"]) == 2
    assert [c["metric"] for c in pack["claims"]] == ["rtf"]
    assert {e["environment"] for e in pack["contracts"]} == {"checks"}
    assert {e["environment"] for e in pack["benchmarks"]} == {"timed"}
