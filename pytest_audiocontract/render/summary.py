"""The terminal summary: every claim measured in this run, measured against claimed, each in
its unit and with the inputs it was measured on."""

from __future__ import annotations

import pytest

from pytest_audiocontract.json_fields import text
from pytest_audiocontract.json_types import JSONObject
from pytest_audiocontract.render.aligned import aligned
from pytest_audiocontract.render.labels import claim_input, claim_metric, claim_values
from pytest_audiocontract.results.records import records_of
from pytest_audiocontract.safe_text import one_line


def gather(
    terminalreporter: pytest.TerminalReporter, kind: str
) -> list[tuple[pytest.TestReport, JSONObject]]:
    found = []
    for reports in terminalreporter.stats.values():
        for report in reports:
            if isinstance(report, pytest.TestReport) and report.when == "call":
                found += [(report, r) for r in records_of(report) if r.get("kind") == kind]
    return found


def outcome(report: pytest.TestReport, record: JSONObject) -> str:
    if hasattr(report, "wasxfail"):
        return "XPASS" if report.passed else "XFAIL"
    return "ok" if record.get("passed") else "BROKEN"


def write_claims_summary(terminalreporter: pytest.TerminalReporter) -> None:
    rows = gather(terminalreporter, "claim")
    if not rows:
        return
    terminalreporter.section("audiocontract claims")
    table = [("pack", "surface", "metric", "measured", "claimed", "measured on (claim inputs)", "result")]
    for report, r in sorted(
        rows, key=lambda x: tuple(text(x[1].get(k)) for k in ("pack", "surface", "metric"))
    ):
        measured, claimed = claim_values(r)
        table.append(
            (
                f"{r.get('pack')}/{r.get('variant')}",
                text(r.get("surface")),
                claim_metric(r),
                measured,
                claimed,
                claim_input(r),
                outcome(report, r),
            )
        )
    for line in aligned([[one_line(c) for c in row] for row in table]):  # no ESC reaches the terminal
        terminalreporter.write_line(line)
