"""Benchmark items on the no-op pack: ids, pytest-benchmark saves and its compare command,
extra_info, and the harness floor in every streaming record."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from run_pytest import run_pytest

NOOP = Path(__file__).resolve().parents[2] / "model_packs" / "noop"


def _pytest(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_pytest(f"--model-pack={NOOP}", *args, cwd=cwd)


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bench")
    done = _pytest(
        root,
        "--benchmark-only",
        "--surface=asr_stream",
        "--surface=enhance",
        "--benchmark-storage",
        str(root / "storage"),
        "--benchmark-save=first",
        "--benchmark-save-data",
        "--benchmark-min-rounds=3",
        "-v",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "bench::asr_stream[noop/burst1s] PASSED" in done.stdout
    assert "bench::enhance[noop/burst10s] PASSED" in done.stdout
    assert "::asr_stream::" not in done.stdout  # --benchmark-only collects no contracts
    return root


def test_save_holds_extra_info_and_floor(saved: Path) -> None:
    (save,) = saved.glob("storage/*/0001_first.json")
    benches = {b["name"]: b for b in json.loads(save.read_text())["benchmarks"]}
    assert set(benches) == {
        "asr_stream[noop/burst1s]",
        "asr_stream[noop/burst10s]",
        "enhance[noop/burst1s]",
        "enhance[noop/burst10s]",
    }
    stream = benches["asr_stream[noop/burst10s]"]
    assert len(stream["stats"]["data"]) == 3
    info = stream["extra_info"]
    assert info["audio_seconds"] == 10.0
    assert info["rtf"] == pytest.approx(stream["stats"]["median"] / 10.0)
    assert info["rtfx"] == pytest.approx(1 / info["rtf"])
    assert info["peak_rss_mb"] > 0 and info["device_fingerprint"].startswith("cpu: ")
    assert info["harness_floor_per_chunk_us"] > 0


def test_pytest_benchmark_compare_reads_the_save(saved: Path) -> None:
    done = subprocess.run(
        ["pytest-benchmark", "--storage", str(saved / "storage"), "compare"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "asr_stream[noop/burst10s]" in done.stdout


def test_benchmark_compare_against_the_save(saved: Path) -> None:
    done = _pytest(
        saved,
        "--benchmark-only",
        "--surface=enhance",
        "--benchmark-storage",
        str(saved / "storage"),
        "--benchmark-compare=0001",  # no --benchmark-compare-fail: its verdict would time the machine
        "--benchmark-min-rounds=3",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0001_first" in done.stdout


def test_audiocontract_bench_adds_items_to_a_normal_run(tmp_path: Path) -> None:
    done = _pytest(
        tmp_path, "--audiocontract-bench", "--surface=vad", "--benchmark-disable", "--collect-only", "-q"
    )
    assert "bench::vad[noop/burst1s]" in done.stdout
    assert "::vad::" in done.stdout.replace("bench::vad", "")  # contracts still collected
