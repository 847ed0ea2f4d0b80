"""`ab --into DIR` and `compare --into DIR` record their changes in DIR's report: the
comparisons list grows (the latest kept), the page shows them, a report still being written
is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from page_parser import Page

from pytest_audiocontract.ab.paired import Ratio
from pytest_audiocontract.ab.verdict import Row
from pytest_audiocontract.cli.ab import _record
from pytest_audiocontract.results import report_lock
from pytest_audiocontract.results.record_comparison import MAX_KEPT, record_comparison
from pytest_audiocontract.results.report import ReportWriter

CONTEXT = {
    "baseline": {"pack": "base", "root": "/old/base"},
    "candidate": {"pack": "cand", "root": "/new/cand"},
    "rounds": 12,
}


def test_ab_verdicts_reach_the_page(tmp_path: Path) -> None:
    ReportWriter(tmp_path).write()
    rows = [
        Row("asr/speech_en", "wall_s", 1.0, 1.5, Ratio(1.5, 1.4, 1.6, 0.95, 12), "REGRESSION"),
        Row("asr/speech_en", "wer", 0.2, 0.2, None, "same"),
    ]
    page = _record(tmp_path, rows, CONTEXT)
    [recorded] = json.loads((tmp_path / "report.json").read_text())["comparisons"]
    assert "baseline base" in recorded["title"] and "candidate cand" in recorded["title"]
    [changes] = Page(page.read_text()).in_section("changes")
    assert [r[changes.column("verdict")].text for r in changes.rows] == ["REGRESSION", "same"]
    assert changes.rows[0][changes.column("change")].text == "+50.0 %"


def test_ab_verdicts_reach_report_md(tmp_path: Path) -> None:
    ReportWriter(tmp_path).write()
    assert "## Changes" not in (tmp_path / "report.md").read_text()  # not compared yet
    rows = [
        Row("asr/speech_en", "wer", 0.2, 0.2, None, "same"),
        Row("asr/speech_en", "wall_s", 1.0, 1.5, Ratio(1.5, 1.4, 1.6, 0.95, 12), "REGRESSION"),
    ]
    _record(tmp_path, rows, CONTEXT)
    [recorded] = json.loads((tmp_path / "report.json").read_text())["comparisons"]
    markdown = (tmp_path / "report.md").read_text()
    title = recorded["title"].replace(">", "&gt;")  # report.md shows text, never markup
    assert "## Changes" in markdown and f"### {title}" in markdown
    section = markdown[markdown.index("## Changes") :].split("\n## ")[0]
    table = [line for line in section.splitlines() if line.startswith("| ")]
    headers = [h.strip() for h in table[0].strip("|").split("|")]
    cells = [[c.strip() for c in line.strip("|").split("|")] for line in table[1:]]
    by_verdict = {row[headers.index("verdict")]: row for row in cells}
    assert [row[headers.index("verdict")] for row in cells] == ["REGRESSION", "same"]  # regressions first
    change = next(c for c in recorded["changes"] if c["verdict"] == "REGRESSION")
    assert by_verdict["REGRESSION"][headers.index("change")] == f"+{change['change_pct']:.1f} %"
    assert by_verdict["same"][headers.index("old")] == f"{0.2 * 100:.1f} %"  # wer in %, as the page


def test_only_the_latest_comparisons_are_kept(tmp_path: Path) -> None:
    ReportWriter(tmp_path).write()
    for n in range(MAX_KEPT + 2):
        record_comparison(tmp_path, f"run {n}", [])
    titles = [c["title"] for c in json.loads((tmp_path / "report.json").read_text())["comparisons"]]
    assert titles == [f"run {n}" for n in range(2, MAX_KEPT + 2)]


def test_a_report_still_being_written_is_refused(tmp_path: Path) -> None:
    writer = ReportWriter(tmp_path)
    writer.lock = report_lock.acquire(tmp_path)
    writer.write()
    try:
        with pytest.raises(ValueError, match="still writing the report"):
            record_comparison(tmp_path, "t", [])
    finally:
        report_lock.release(writer.lock)
