"""The terminal summary: every claim measured in this run, measured against claimed."""

from __future__ import annotations

from typing import Any

import pytest

from pytest_audiocontract.render.aligned import aligned
from pytest_audiocontract.render.safe_text import one_line
from pytest_audiocontract.results.records import records_of


def gather(terminalreporter: Any, kind: str) -> list[tuple[pytest.TestReport, dict[str, Any]]]:
    found = []
    for reports in terminalreporter.stats.values():
        for report in reports:
            if isinstance(report, pytest.TestReport) and report.when == "call":
                found += [(report, r) for r in records_of(report) if r.get("kind") == kind]
    return found


def outcome(report: pytest.TestReport, record: dict[str, Any]) -> str:
    if hasattr(report, "wasxfail"):
        return "XPASS" if report.passed else "XFAIL"
    return "ok" if record["passed"] else "BROKEN"


def _metric(record: dict[str, Any]) -> str:
    """The metric with the options it was measured under (der's collar and overlap)."""
    details = record.get("details") or {}
    options = [f"collar {details['collar_s']:g} s"] if details.get("collar_s") else []
    options += ["no overlap"] if details.get("skip_overlap") else []
    return f"{record['metric']} ({', '.join(options)})" if options else str(record["metric"])


def write_claims_summary(terminalreporter: Any) -> None:
    rows = gather(terminalreporter, "claim")
    if not rows:
        return
    terminalreporter.section("audiocontract claims")
    table = [("pack", "surface", "metric", "measured", "claimed", "on", "result")]
    for report, r in sorted(rows, key=lambda x: (x[1]["pack"], x[1]["surface"], x[1]["metric"])):
        sign = "<=" if r["bound"] == "max" else ">="
        table.append(
            (
                f"{r['pack']}/{r['variant']}",
                r["surface"],
                _metric(r),
                f"{r['measured']:.4g}",
                f"{sign} {r['claimed']:g}",
                r["dataset"] or "synthetic",
                outcome(report, r),
            )
        )
    for line in aligned([[one_line(str(c)) for c in row] for row in table]):  # no ESC reaches the terminal
        terminalreporter.write_line(line)
