"""`audiocontract ab` end to end, with a busy process on the cores beside it: identical packs
pass, a candidate doing 30% more work fails naming the metric. Verdicts come from paired
ratios, so the load (which both sides share) must not decide them."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from work_packs import write_work_pack

SPIN = "while True: pass"


@pytest.fixture
def busy_core() -> Iterator[None]:
    spinner = subprocess.Popen([sys.executable, "-c", SPIN])
    try:
        yield
    finally:
        spinner.kill()
        spinner.wait()


def ab(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest_audiocontract.cli", "ab", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.mark.slow
def test_identical_packs_pass_beside_a_busy_core(tmp_path: Path, busy_core: None) -> None:
    base = write_work_pack(tmp_path, "base", work=10)
    cand = write_work_pack(tmp_path, "cand", work=10)
    done = ab(str(base), str(cand))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no regression beyond the thresholds" in done.stdout
    assert "enhance/burst10s  cpu_s" in done.stdout


@pytest.mark.slow
def test_30_percent_more_work_is_a_cpu_regression_beside_a_busy_core(tmp_path: Path, busy_core: None) -> None:
    base = write_work_pack(tmp_path, "base", work=10)
    cand = write_work_pack(tmp_path, "cand", work=13)
    done = ab(str(base), str(cand), "--json", "--rounds", "16")  # 16 pairs: a tighter interval
    assert done.returncode == 1, done.stdout + done.stderr
    regressed = done.stderr.splitlines()[-1]
    assert " cpu_s +" in regressed, regressed
    data = json.loads(done.stdout)
    cpu = [r for r in data["rows"] if r["metric"] == "cpu_s" and r["verdict"] == "REGRESSION"]
    assert cpu and all(r["ratio"]["low"] > 1.1 for r in cpu), data["rows"]
    assert len(data["rounds_s"][0]["order"]) == 16


def test_usage_errors_are_exit_2(tmp_path: Path) -> None:
    base = write_work_pack(tmp_path, "base", work=1)
    missing = ab(str(base), str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "audiocontract ab: " in missing.stderr
    few = ab(str(base), str(base), "--rounds", "3")
    assert few.returncode == 2 and "at least 6 pairs" in few.stderr
    bad = ab(str(base), str(base), "--threshold", "cpu_s=fast")
    assert bad.returncode == 2 and "--threshold 'cpu_s=fast'" in bad.stderr
    other = ab(str(base), str(base), "--surface", "asr")
    assert other.returncode == 2 and "share no surface among asr" in other.stderr


def test_a_model_that_raises_is_exit_2_naming_it(tmp_path: Path) -> None:
    base = write_work_pack(tmp_path, "base", work=1)
    broken = write_work_pack(tmp_path, "broken", work=1)
    adapter = broken / "adapter.py"
    adapter.write_text(
        adapter.read_text().replace(
            "        out = np.asarray", "        raise ValueError('no')\n        out = np.asarray"
        )
    )
    done = ab(str(base), str(broken))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "enhance/burst1s: a model failed, nothing to compare (ValueError: no)" in done.stderr
    assert "Traceback" not in done.stderr
