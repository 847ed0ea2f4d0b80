"""report.html's other sections: claims (measured against claimed, with the margin), skipped
and failed items by reason with the command that fixes each, figures that could not be
computed, comparisons (`audiocontract compare` / `ab`), and the detail tables."""

from __future__ import annotations

import re

from pytest_audiocontract.json_fields import number, obj, objs, text
from pytest_audiocontract.json_types import JSONObject
from pytest_audiocontract.render.board import is_reference
from pytest_audiocontract.render.changes import ordered
from pytest_audiocontract.render.html_cells import cell, esc, note, num, table
from pytest_audiocontract.render.metric_display import display
from pytest_audiocontract.render.numbers import fixed, signed
from pytest_audiocontract.render.problems import figure_errors, groups
from pytest_audiocontract.render.tables import Table, pack_label


def claims_section(data: JSONObject) -> str:
    found = [c for p in obj(data.get("packs")).values() for c in objs(obj(p).get("claims")) if "metric" in c]
    if not found:
        return ""
    found.sort(
        key=lambda c: (
            is_reference(text(c.get("pack")), data),
            c.get("outcome") == "passed",
            text(c.get("surface")),
            text(c.get("metric")),
        )
    )
    rows = []
    for c in found:
        shown = display(text(c.get("metric")))
        scale, unit = shown.scale, f" {shown.unit}" if shown.unit else ""
        measured, claimed = number(c.get("measured")), number(c.get("claimed"))
        bound = "≤" if c.get("bound") == "max" else "≥"
        margin = None
        if measured is not None and claimed is not None:
            margin = (claimed - measured if c.get("bound") == "max" else measured - claimed) * scale
        outcome = text(c.get("outcome"))
        rows.append(
            f'<tr class="{"failed" if outcome in ("failed", "error") else ""}">'
            + cell(pack_label(c))
            + cell(text(c.get("surface")))
            + f"<td>{esc(shown.heading)}</td>"
            + num(_value(measured, scale) + unit, None if measured is None else measured * scale)
            + num(f"{bound} {_value(claimed, scale)}{unit}", None if claimed is None else claimed * scale)
            + num("–" if margin is None else signed(margin) + unit, margin)
            + cell(text(c.get("dataset")) or "synthetic")
            + cell(outcome, f"outcome-{outcome}")
            + "</tr>"
        )
    headers = ["pack", "surface", "metric", "measured", "claimed", "margin (+ headroom)", "on", "result"]
    passed = sum(c.get("outcome") == "passed" for c in found)
    return (
        '<h2 id="claims">Claims</h2>'
        + note(f"{passed} of {len(found)} claims hold; failures first; margin is how far inside its bound")
        + table(headers, rows)
    )


def _finite(value: object) -> bool:
    return number(value) is not None


def _value(value: object, scale: float) -> str:
    found = number(value)
    return "–" if found is None else fixed(found * scale)


def problems_section(data: JSONObject) -> str:
    found = groups(data)
    if not found:
        return ""
    rows = []
    for g in found:
        fix = " ".join(f"<code>{esc(c)}</code>" for c in g.commands) or esc("see the message")
        rows.append(
            f'<tr class="{"failed" if g.outcome == "failed" else ""}">'
            + cell(g.outcome, f"outcome-{g.outcome}")
            + cell(g.reason)
            + cell(", ".join(sorted(g.packs)))
            + num(str(g.items), g.items)
            + f"<td>{fix}</td></tr>"
        )
    return (
        '<h2 id="problems">Skipped and failed</h2>'
        + note(
            "grouped by reason (PACK stands for each pack named); "
            "the fix column is the command the message names"
        )
        + table(["outcome", "reason", "packs", "items", "fix"], rows, cls="problems")
    )


def errors_section(data: JSONObject) -> str:
    found = figure_errors(data)
    if not found:
        return ""
    items = "".join(
        f"<li><b>{esc(e.pack)}</b> {esc(e.surface)} on {esc(e.input)}: {esc(e.metric)} not computed: "
        f"<code>{esc(e.error)}</code></li>"
        for e in found
    )
    return (
        '<h2 id="errors">Errors</h2>'
        + note("figures that could not be computed (left blank above)")
        + f"<ul>{items}</ul>"
    )


def comparisons_section(data: JSONObject) -> str:
    found = objs(data.get("comparisons"))
    if not found:
        return ""
    parts = ['<h2 id="changes">Changes</h2>']
    for comparison in found:
        parts.append(f"<h3>{esc(text(comparison.get('title'), 'comparison'))}</h3>")
        parts.append(note(text(comparison.get("note"))))
        rows = []
        for c in ordered(objs(comparison.get("changes"))):
            metric = text(c.get("metric"))
            shown = display(metric)
            old, new, pct = number(c.get("old")), number(c.get("new")), number(c.get("change_pct"))
            verdict = text(c.get("verdict"))
            rows.append(
                "<tr>"
                + cell(text(c.get("pack")))
                + cell(text(c.get("item")))
                + cell(shown.heading if shown.higher_is_better is not None else metric)
                + num(_value(old, shown.scale), old)
                + num(_value(new, shown.scale), new)
                + num("–" if pct is None else signed(pct) + " %", pct)
                + cell(verdict, "verdict-" + re.sub(r"\W", "", verdict.split(" ")[0]))
                + "</tr>"
            )
        parts.append(table(["pack", "item", "metric", "old", "new", "change", "verdict"], rows))
    return "".join(parts)


_SCIENTIFIC = re.compile(r"^-?\d+(\.\d+)?e[-+]\d+$")


def detail_table(t: Table) -> str:
    """A plain table from tables.py, its numbers shown in fixed point."""
    rows = [
        "<tr>" + "".join(cell(fixed(float(c)) if _SCIENTIFIC.match(c) else c) for c in row) + "</tr>"
        for row in t.rows
    ]
    return f"<h3>{esc(t.title)}</h3>" + note(t.note) + table([esc(h) for h in t.headers], rows)
