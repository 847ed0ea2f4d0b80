"""report.html: one self-contained page (no scripts, no external files) with the report's
tables and inline SVG plots. Everything from the run, model output included, is escaped."""

from __future__ import annotations

from html import escape as html_escape
from typing import Any

from pytest_audiocontract.render import svg
from pytest_audiocontract.render.safe_text import one_line
from pytest_audiocontract.render.tables import Table, all_tables, benchmarks, per_machine

STYLE = """body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border:1px solid #ccc;
padding:3px 8px;font-size:13px;text-align:left}th{background:#f4f4f4}
.note{color:#555;font-size:13px}"""


def render_html(data: dict[str, Any]) -> str:
    run = data.get("run", {})
    body = [
        f"<h1>pytest-audiocontract report</h1><p class=note>status "
        f"{escape(str(data.get('status')))}, created {escape(str(data.get('created')))}; "
        f"device {escape(str(run.get('device')))}; Python {escape(str(run.get('python')))}; "
        f"git {escape(str(run.get('git_commit') or 'unknown'))}; text normaliser "
        f"{escape(str(data.get('normaliser')))}</p>"
    ]
    body += [table_html(t) for t in all_tables(data)]
    for machine, view in per_machine(data):  # timings of different machines: plotted apart
        body += plots(view, f", on {machine}" if machine else "")
    return (
        "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
        f"<title>pytest-audiocontract report</title><style>{STYLE}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )


def escape(text: str) -> str:
    """HTML-escaped, with control characters written as escapes (never raw in the page)."""
    return html_escape(one_line(text))


def table_html(table: Table) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in table.headers)
    rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in table.rows)
    note = f"<p class=note>{escape(table.note)}</p>" if table.note else ""
    return f"<h2>{escape(table.title)}</h2>{note}<table><tr>{head}</tr>{rows}</table>"


def plots(data: dict[str, Any], on: str = "") -> list[str]:
    found = benchmarks(data)
    parts = []
    by_metric: dict[str, list[tuple[str, float, float]]] = {}
    for pack, b in found:
        for metric, value in (b.get("quality") or {}).items():
            if isinstance(value, float) and isinstance(b.get("rtf"), float):
                by_metric.setdefault(f"{b['surface']}: {metric}", []).append(
                    (f"{pack}/{b['input']}", b["rtf"], value)
                )
    for title, points in sorted(by_metric.items()):
        metric = title.split(": ", 1)[1]
        parts.append(svg.scatter(f"Quality against speed ({title})", "RTF", metric, points))
    rounds = [(f"{b['surface']} {pack}/{b['input']}", b.get("rtf_rounds", [])) for pack, b in found]
    parts.append(svg.strip_chart("RTF of each round", "RTF", rounds))
    pushes = []
    for pack, b in found:
        for mode in ("unpaced", "paced"):
            stream = (b.get("streaming") or {}).get(mode) or {}
            values = list((stream.get("push_latency_us") or {}).values())
            if values:
                pushes.append((f"{pack}/{b['input']} {mode}", values))
    parts.append(svg.strip_chart("Per-chunk push latency, p50/p90/p95/p99", "us", pushes))
    return [f"<h2>Plots{escape(on)}</h2>{''.join(p for p in parts if p)}"] if any(parts) else []
