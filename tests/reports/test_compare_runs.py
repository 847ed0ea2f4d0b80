"""`audiocontract compare`: a pack made slower between two runs fails the gate; identical
runs pass; different devices are refused. Runs the real plugin in subprocesses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sleepy import audiocontract, bench_run, write_pack


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("compare")
    pack = write_pack(root)
    found = {}
    for name, sleep_s in [("base", 0.05), ("same", 0.05), ("slow", 0.1)]:
        done = bench_run(pack, root / name, sleep_s)
        assert done.returncode == 0, done.stdout + done.stderr
        found[name] = root / name / "report.json"
    return found


def test_slower_pack_is_a_regression_named_in_the_output(runs: dict[str, Path]) -> None:
    done = audiocontract("compare", str(runs["base"]), str(runs["slow"]))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "4 regression(s)" in done.stdout
    assert "sleepy asr/burst1s time_s +" in done.stdout
    assert "REGRESSION" in done.stdout


def test_identical_runs_pass(runs: dict[str, Path]) -> None:
    done = audiocontract("compare", str(runs["base"]), str(runs["same"]))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no regression" in done.stdout


def test_a_generous_threshold_lets_the_slower_run_pass(runs: dict[str, Path]) -> None:
    # 50 ms -> 100 ms per call is +100%: a 150% threshold on both timing metrics accepts it
    done = audiocontract(
        "compare", str(runs["base"]), str(runs["slow"]), "--threshold", "time_s=150", "--threshold", "rtf=150"
    )
    assert done.returncode == 0, done.stdout


def test_runs_from_other_devices_are_refused(runs: dict[str, Path], tmp_path: Path) -> None:
    data = json.loads(runs["slow"].read_text())
    data["run"]["device"] = "cpu: another machine x64"
    other = tmp_path / "report.json"
    other.write_text(json.dumps(data))
    done = audiocontract("compare", str(runs["base"]), str(other))
    assert done.returncode == 2
    assert "--allow-different-devices" in done.stderr
    allowed = audiocontract("compare", str(runs["base"]), str(other), "--allow-different-devices")
    assert allowed.returncode == 1
