"""--audiocontract-report: the three files, their content, escaping, and incremental writes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sleepy import audiocontract, bench_run, write_pack

from pytest_audiocontract.item_key import PROPERTY, ItemKey
from pytest_audiocontract.render.html import render_html
from pytest_audiocontract.render.markdown import render_markdown
from pytest_audiocontract.results.report import ReportWriter, empty_report

NOOP = Path(__file__).resolve().parents[2] / "model_packs" / "noop"


def test_bench_run_writes_three_reports_with_percentiles(tmp_path: Path) -> None:
    pack = write_pack(tmp_path)
    done = bench_run(pack, tmp_path / "out", 0.001)
    assert done.returncode == 0, done.stdout + done.stderr
    data = json.loads((tmp_path / "out" / "report.json").read_text())
    assert (data["schema"], data["schema_version"], data["status"]) == (
        "pytest-audiocontract/report",
        1,
        "complete",
    )
    assert {"python", "cpu", "packages", "git_commit", "device"} <= set(data["run"])
    benches = data["packs"]["sleepy"]["benchmarks"]
    assert sorted(b["input"] for b in benches) == ["burst10s", "burst1s"]
    for b in benches:
        assert len(b["rounds_s"]) == 5
        assert all(r > 0 for r in b["rounds_s"])
        assert b["stats_s"]["p50"] == pytest.approx(sorted(b["rounds_s"])[2])
        assert b["rtf"] == pytest.approx(b["stats_s"]["median"] / b["audio_seconds"])
    assert "## Benchmarks: asr" in (tmp_path / "out" / "report.md").read_text()
    page = (tmp_path / "out" / "report.html").read_text()
    assert 'id="surface-asr"' in page and "RTF ↓" in page  # one pack: a leaderboard, no figure to rank it


def test_model_output_and_names_are_escaped() -> None:
    data = empty_report()
    data["packs"]["evil"] = {
        "contracts": [],
        "docs": [],
        "benchmarks": [],
        "claims": [
            {
                "pack": "evil",
                "surface": "asr",
                "metric": "wer",
                "bound": "max",
                "claimed": 0.5,
                "measured": 0.1,
                "dataset": "<script>alert(1)</script>",
                "outcome": "passed",
            }
        ],
    }
    page = render_html(data)
    assert page.count("<script") == 1 and "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the page's own
    # markdown renderers pass raw HTML through: the text is shown, never run (issue 12)
    assert "| dataset &lt;script&gt;alert(1)&lt;/script&gt; |" in render_markdown(data)


def contract_report(pack: str, name: str, outcome: str = "passed") -> pytest.TestReport:
    key = ItemKey("contract", pack, "asr", name, "asr", name.split("[")[0], "default", "cpu")
    return pytest.TestReport(
        f"model_packs/{pack}/claims.yaml::asr::{name}",
        ("f", 1, "x"),
        {},
        outcome,
        None,
        "call",
        [],
        user_properties=[(PROPERTY, key.as_dict())],
    )


def test_writer_rewrites_json_after_every_record(tmp_path: Path) -> None:
    writer = ReportWriter(tmp_path)
    writer.add(contract_report("x", "empty_for_silence[x]"))
    data = json.loads((tmp_path / "report.json").read_text())
    assert data["status"] == "running"
    assert data["packs"]["x"]["contracts"][0]["outcome"] == "passed"
    assert not list(tmp_path.glob(".*.tmp"))  # atomic replace leaves no temporary file


def test_writer_takes_the_pack_from_the_item_key_not_the_node_id(tmp_path: Path) -> None:
    # A pack id with "-" in it: the old split of `rule[pack-variant-device]` read "my".
    writer = ReportWriter(tmp_path)
    writer.add(contract_report("my-pack", "empty_for_silence[my-pack]"))
    [entry] = writer.data["packs"]["my-pack"]["contracts"]
    assert (entry["rule"], entry["variant"], entry["device"]) == ("empty_for_silence", "default", "cpu")
    plain = pytest.TestReport("tests/test_x.py::test_y", ("f", 1, "x"), {}, "passed", None, "call", [])
    writer.add(plain)
    assert list(writer.data["packs"]) == ["my-pack"]


def test_report_command_rerenders_from_json(tmp_path: Path) -> None:
    writer = ReportWriter(tmp_path)
    writer.write()
    (tmp_path / "report.md").unlink()
    done = audiocontract("report", str(tmp_path / "report.json"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "report.md").exists()


def test_report_files_are_readable_like_any_file_the_user_writes(tmp_path: Path) -> None:
    from pytest_audiocontract.results.report import write_atomic

    previous = os.umask(0o022)
    try:
        write_atomic(tmp_path / "report.md", "# run\n")
    finally:
        os.umask(previous)
    assert (tmp_path / "report.md").stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]  # no temporary file left
