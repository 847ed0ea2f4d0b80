"""report.md: the report's tables as GitHub-flavoured markdown."""

from __future__ import annotations

from pytest_audiocontract.json_fields import obj
from pytest_audiocontract.json_types import JSONObject
from pytest_audiocontract.render.changes import changes_tables
from pytest_audiocontract.render.tables import Table, all_tables
from pytest_audiocontract.safe_text import markdown_cell, printable


def render_markdown(data: JSONObject) -> str:
    run = obj(data.get("run"))
    lines = [
        "# pytest-audiocontract report",
        "",
        f"- status: {data.get('status')}, created {data.get('created')}",
        f"- device: {run.get('device')}; Python {run.get('python')}; "
        f"git {run.get('git_commit') or 'unknown'}",
        f"- text normaliser: {data.get('normaliser')}",
        "",
    ]
    lines = [printable(line) for line in lines]
    changes = changes_tables(data)
    if changes:  # the run was compared (compare/ab --into): what changed comes first
        lines += ["## Changes", "", "regressions first; old and new in the metric's unit", ""]
        for table in changes:
            lines += table_markdown(table, level=3)
    for table in all_tables(data):
        lines += table_markdown(table)
    return "\n".join(lines) + "\n"


def table_markdown(table: Table, level: int = 2) -> list[str]:
    lines = [f"{'#' * level} {_cell(table.title)}", ""]
    if table.note:
        lines += [_cell(table.note), ""]
    lines.append("| " + " | ".join(_cell(h) for h in table.headers) + " |")
    lines.append("|" + "|".join("---" for _ in table.headers) + "|")
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows]
    return [*lines, ""]


def _cell(text: str) -> str:
    # model output and claims.yaml strings may hold pipes, line breaks (\r too), HTML and
    # control characters; none may break the table or reach a renderer as markup
    return markdown_cell(text)
