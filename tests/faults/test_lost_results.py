"""Lost results and wrong reports: crashed xdist items, os._exit, stale `running`, two writers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fault_packs import write_behaving_pack

from pytest_audiocontract.results import report_lock
from pytest_audiocontract.results.report import ReportWriter, load_report, status_of

EMBED_RULES = 4


def _run(pytester: pytest.Pytester, packs: list[Path], *extra: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess(
        *[f"--model-pack={p}" for p in packs],
        "-p",
        "no:cacheprovider",
        "-rA",
        f"--audiocontract-failures={pytester.path / 'failures'}",
        *extra,
    )


def _outcomes(report: Path, pack: str) -> list[str]:
    data = json.loads(report.read_text())
    return [c["outcome"] for c in data["packs"][pack]["contracts"]]


def test_xdist_crash_reports_reach_the_report_as_failures(pytester: pytest.Pytester) -> None:
    pytest.importorskip(
        "xdist", reason="pytest-xdist is not installed (the dev extra: pip install -e '.[dev]')"
    )
    packs = [write_behaving_pack(pytester.path, "segfaults"), write_behaving_pack(pytester.path, "healthy")]
    result = _run(pytester, packs, "-n", "2", f"--audiocontract-report={pytester.path / 'out'}")
    assert result.ret == 1, result.stdout.str()
    out = pytester.path / "out"
    assert _outcomes(out / "report.json", "segfaults") == ["failed"] * EMBED_RULES
    assert _outcomes(out / "report.json", "healthy") == ["passed"] * EMBED_RULES
    data = json.loads((out / "report.json").read_text())
    assert data["status"] == "complete"
    assert "segfaults" in (out / "report.md").read_text() and "segfaults" in (out / "report.html").read_text()


def test_writer_keeps_an_xdist_crash_item() -> None:
    report = pytest.TestReport(
        "p/claims.yaml::embed::finite_outputs[x]", ("f", 1, "x"), {}, "failed", "gw0 crashed", "???", []
    )
    writer = ReportWriter.__new__(ReportWriter)
    writer.data = {"packs": {}}
    writer._seen = {}
    writer.write = lambda: None  # type: ignore[method-assign]
    writer.add(report)
    assert writer.data["packs"]["x"]["contracts"][0]["outcome"] == "failed"


def test_adapter_os_exit_fails_by_name_and_the_run_reports(pytester: pytest.Pytester) -> None:
    packs = [write_behaving_pack(pytester.path, "exits"), write_behaving_pack(pytester.path, "healthy")]
    junit = pytester.path / "junit.xml"
    result = _run(pytester, packs, f"--audiocontract-report={pytester.path / 'out'}", f"--junitxml={junit}")
    output = result.stdout.str()
    assert result.ret == 1, output
    assert "the adapter called os._exit(0)" in output
    assert "short test summary info" in output and junit.is_file()
    out = pytester.path / "out"
    assert json.loads((out / "report.json").read_text())["status"] == "complete"
    assert _outcomes(out / "report.json", "exits") == ["failed"] + ["skipped"] * (EMBED_RULES - 1)
    assert _outcomes(out / "report.json", "healthy") == ["passed"] * EMBED_RULES


def test_exit_statuses_map_to_states_a_reader_can_trust() -> None:
    assert [status_of(c) for c in (0, 1, 2, 3, 4, 5)] == [
        "complete",
        "complete",
        "interrupted",
        "incomplete",
        "incomplete",
        "complete",
    ]


def test_a_stale_running_report_reads_as_incomplete(tmp_path: Path) -> None:
    code = (
        "import sys, os; from pathlib import Path\n"
        "from pytest_audiocontract.results.report import ReportWriter\n"
        "from pytest_audiocontract.results import report_lock\n"
        "w = ReportWriter(Path(sys.argv[1])); w.folder.mkdir(parents=True, exist_ok=True)\n"
        "w.lock = report_lock.acquire(w.folder); w.write(); os.kill(os.getpid(), 9)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=False)
    assert done.returncode == -9
    assert json.loads((tmp_path / "report.json").read_text())["status"] == "running"
    data = load_report(tmp_path / "report.json")
    assert data["status"] == "incomplete" and "without finishing" in data["status_note"]


def test_a_live_writer_keeps_running(tmp_path: Path) -> None:
    writer = ReportWriter(tmp_path)
    writer.lock = report_lock.acquire(tmp_path)
    writer.write()
    assert load_report(tmp_path / "report.json")["status"] == "running"
    writer.finish(1)
    assert load_report(tmp_path / "report.json")["status"] == "complete"


def test_a_second_writer_of_the_same_folder_is_refused(pytester: pytest.Pytester) -> None:
    out = pytester.path / "out"
    out.mkdir()
    held = report_lock.acquire(out)
    try:
        pack = write_behaving_pack(pytester.path, "healthy")
        result = _run(pytester, [pack], f"--audiocontract-report={out}")
    finally:
        report_lock.release(held)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert f"pid {os.getpid()}" in result.stderr.str() and "its own folder" in result.stderr.str()
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()


def test_report_at_a_file_or_a_read_only_folder_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pack = write_behaving_pack(pytester.path, "healthy")
    (pytester.path / "afile").write_text("x")
    result = _run(pytester, [pack], f"--audiocontract-report={pytester.path / 'afile'}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR and "is a file" in result.stderr.str()
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders: the read-only case cannot be made here")
    locked = pytester.path / "locked"
    locked.mkdir(mode=0o555)
    result = _run(pytester, [pack], f"--audiocontract-report={locked}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR and "cannot write there" in result.stderr.str()
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()
