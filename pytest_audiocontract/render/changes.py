"""The changes `audiocontract compare ... --into DIR` and `ab ... --into DIR` recorded in a
report (its `comparisons`, newest last): one table per comparison, regressions first, each
figure in its metric's unit and the change in %, for report.md (report.html draws its own)."""

from __future__ import annotations

from pytest_audiocontract.json_fields import number, objs, text
from pytest_audiocontract.json_types import JSONObject
from pytest_audiocontract.render.metric_display import Display, display
from pytest_audiocontract.render.numbers import fixed, signed
from pytest_audiocontract.render.tables import Table

HEADERS = ["pack", "item", "metric", "old", "new", "change", "verdict"]


def ordered(changes: list[JSONObject]) -> list[JSONObject]:
    """Regressions first, the rest in the order recorded."""
    return sorted(changes, key=lambda c: c.get("verdict") != "REGRESSION")


def changes_tables(data: JSONObject) -> list[Table]:
    tables = []
    for comparison in objs(data.get("comparisons")):
        table = Table(
            text(comparison.get("title"), "comparison"),
            HEADERS,
            note="; ".join(filter(None, [text(comparison.get("created")), text(comparison.get("note"))])),
        )
        for change in ordered(objs(comparison.get("changes"))):
            metric = text(change.get("metric"))
            shown = display(metric)
            pct = number(change.get("change_pct"))
            table.rows.append(
                [
                    text(change.get("pack")),
                    text(change.get("item")),
                    shown.heading if shown.higher_is_better is not None else metric,
                    _figure(change.get("old"), shown),
                    _figure(change.get("new"), shown),
                    "–" if pct is None else signed(pct) + " %",
                    text(change.get("verdict")),
                ]
            )
        tables.append(table)
    return tables


def _figure(value: object, shown: Display) -> str:
    found = number(value)
    return "–" if found is None else fixed(found * shown.scale) + (f" {shown.unit}" if shown.unit else "")
