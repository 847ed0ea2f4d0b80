"""Benchmark items where pytest-benchmark is off: --benchmark-disable, and pytest-xdist (`-n`).

Off, pytest-benchmark warns that the fixture was not used, through Node.warn, which needs the
item's line (tests/core/test_item_ids.py checks every item class has one)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from run_pytest import run_pytest

NOOP = Path(__file__).resolve().parents[2] / "model_packs" / "noop"
PLAIN_TEST = "def test_plain():\n    pass\n"


def _pytest(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_pytest(f"--model-pack={NOOP}", *args, cwd=cwd)


def _benchmarks(report: Path) -> list[dict[str, object]]:
    benches: list[dict[str, object]] = json.loads(report.read_text())["packs"]["noop"]["benchmarks"]
    return benches


def test_benchmark_disable_runs_and_records_every_benchmark(tmp_path: Path) -> None:
    done = _pytest(
        tmp_path,
        "--audiocontract-bench",
        "--benchmark-disable",
        "--surface=enhance",
        "--benchmark-min-rounds=2",
        "--audiocontract-report=out",
        "-v",
        "-W",
        "error::pytest.PytestWarning",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "bench::enhance[noop/burst1s] PASSED" in done.stdout
    assert "ERROR" not in done.stdout and "fixture was not used" not in done.stdout
    benches = _benchmarks(tmp_path / "out" / "report.json")
    assert sorted((b["input"], len(b["rounds_s"])) for b in benches) == [  # type: ignore[arg-type]
        ("burst10s", 2),
        ("burst1s", 2),
    ]


def test_benchmark_only_runs_under_xdist_and_skips_the_rest(tmp_path: Path) -> None:
    pytest.importorskip("xdist", reason="pytest-xdist is not installed (pip install -e '.[dev]')")
    (tmp_path / "test_plain.py").write_text(PLAIN_TEST)
    done = _pytest(
        tmp_path,
        "--benchmark-only",
        "-n",
        "2",
        "--surface=enhance",
        "--benchmark-min-rounds=2",
        "--audiocontract-report=out",
        "-rs",
        "test_plain.py",
        str(NOOP / "claims.yaml"),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 workers [3 items]" in done.stdout
    assert "2 passed, 1 skipped" in done.stdout  # enhance on burst1s and burst10s; test_plain
    assert "Skipping non-benchmark (--benchmark-only active" in done.stdout
    assert "::enhance::" not in done.stdout  # no contract items under --benchmark-only
    assert len(_benchmarks(tmp_path / "out" / "report.json")) == 2
