"""report.html: one self-contained page (inline style, one small inline script, inline SVG
figures; nothing fetched) built from report data only.

Sections: a leaderboard per surface with its figures, reference packs apart, claims,
skipped and failed items, figure errors, changes (when the run was compared), details.
Figures need matplotlib; without it the page is tables only and says how to get them.
While the run is still writing (status "running") the page is rewritten after every result,
so figures are drawn once, when it ends. Everything from the run is escaped."""

from __future__ import annotations

from pytest_audiocontract.json_fields import obj, text
from pytest_audiocontract.json_types import JSONObject
from pytest_audiocontract.render import svg_figure
from pytest_audiocontract.render.board import boards
from pytest_audiocontract.render.html_boards import glance_section, reference_section, surface_section
from pytest_audiocontract.render.html_cells import esc, note
from pytest_audiocontract.render.html_sections import (
    claims_section,
    comparisons_section,
    detail_table,
    errors_section,
    problems_section,
)
from pytest_audiocontract.render.page_assets import SCRIPT, STYLE
from pytest_audiocontract.render.tables import (
    contracts_table,
    emission_table,
    environments_table,
    per_machine,
    plugin_sections,
    streaming_table,
)


def render_html(data: JSONObject) -> str:
    figures, why = _figures_wanted(data)
    body = [_header(data), note(why)]
    body.append(comparisons_section(data))
    views = per_machine(data)
    if len(views) == 1:
        body.append(glance_section(boards(data)))
    for machine, view in views:  # timings of different machines are ranked apart
        if machine is not None:
            body.append(f"<h2>Timings measured on {esc(machine)}</h2>" + note(text(data.get("timing_note"))))
        found = boards(view)
        body += [surface_section(view, board, figures) for board in found]
        body.append(reference_section(found))
    body += [claims_section(data), problems_section(data), errors_section(data)]
    body += [detail_table(t) for t in plugin_sections(data)]  # plugins' (hookspecs.py)
    body.append(_details(data))
    return (
        "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>pytest-audiocontract report</title><style>{STYLE}</style></head>"
        f"<body>{''.join(body)}<script>{SCRIPT}</script></body></html>\n"
    )


def _figures_wanted(data: JSONObject) -> tuple[bool, str]:
    if data.get("status") == "running":
        return (
            False,
            "the run is still going: tables update as results arrive, figures come when it ends",
        )
    if not svg_figure.available():
        return False, f"figures need matplotlib, which is not installed: {svg_figure.MATPLOTLIB_HINT}"
    return True, ""


def _header(data: JSONObject) -> str:
    run = obj(data.get("run"))
    facts = (
        f"status {data.get('status')}, created {data.get('created')}; device {run.get('device')}; "
        f"Python {run.get('python')}; git {run.get('git_commit') or 'unknown'}; "
        f"text normaliser {data.get('normaliser')}"
    )
    status_note = data.get("status_note")
    return (
        "<h1>pytest-audiocontract report</h1>" + note(facts) + (note(str(status_note)) if status_note else "")
    )


def _details(data: JSONObject) -> str:
    tables = [environments_table(data), contracts_table(data)]
    for machine, view in per_machine(data):
        for found in (streaming_table(view), emission_table(view)):
            if found is not None and machine is not None:
                found.title += f", on {machine}"
            tables.append(found)
    shown = "".join(detail_table(t) for t in tables if t is not None)
    return (
        f'<h2 id="details">Details</h2><details><summary>every table</summary>{shown}</details>'
        if shown
        else ""
    )
