"""scripts/stopwatch_rtf.py: the report's RTF against a plain stopwatch outside pytest.

Agreement itself depends on the machine's load, so it is measured by running the script (see
docs/benchmarks.md), not asserted here; these tests check that the script compares the right
figures and says so.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "stopwatch_rtf.py"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_XDIST")}
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def fake_report(path: Path, rtf: float) -> Path:
    bench = {"surface": "enhance", "input": "burst10s", "rtf": rtf, "stats_s": {"median": rtf * 10.0}}
    path.write_text(json.dumps({"packs": {"reference_enhance": {"benchmarks": [bench]}}}), encoding="utf-8")
    return path


def test_a_report_far_from_the_stopwatch_fails(tmp_path: Path) -> None:
    # 1000x real time: no machine runs the reference pack's gain that slowly.
    done = run("--pack", "reference_enhance", "--report", str(fake_report(tmp_path / "r.json", 1000.0)))
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(r"^FAIL reference_enhance enhance/burst10s: report RTF 1000 ", done.stdout, re.MULTILINE)
    assert "0/1 figures agree" in done.stdout


def test_passes_under_min_seconds_are_listed_not_checked(tmp_path: Path) -> None:
    done = run(
        "--pack",
        "reference_enhance",
        "--min-seconds",
        "1e6",
        "--report",
        str(fake_report(tmp_path / "r.json", 1000.0)),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "skip reference_enhance enhance/burst10s" in done.stdout
    assert "0/0 figures agree" in done.stdout


def test_unknown_pack_is_a_usage_error() -> None:
    done = run("--pack", "no_such_pack")
    assert done.returncode == 2
    assert "no such pack" in done.stderr


def test_alternating_runs_print_fastest_and_median_of_both_sides() -> None:
    done = run("--pack", "reference_enhance", "--repeats", "2", "--rounds", "3", "--min-seconds", "0")
    assert done.returncode in (0, 1), done.stdout + done.stderr
    lines = [line for line in done.stdout.splitlines() if "reference_enhance" in line]
    assert {line.split()[2].rstrip(":") for line in lines} == {"enhance/burst1s", "enhance/burst10s"}
    for line in lines:
        assert re.search(
            r"report RTF [\d.e-]+ \(median [\d.e-]+\), stopwatch RTF [\d.e-]+ "
            r"\(median [\d.e-]+\), [\d.]+% apart over 2 repetition\(s\)",
            line,
        ), line
