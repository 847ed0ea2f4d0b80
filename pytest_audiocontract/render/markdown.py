"""report.md: the report's tables as GitHub-flavoured markdown."""

from __future__ import annotations

from typing import Any

from pytest_audiocontract.render.safe_text import markdown_cell, printable
from pytest_audiocontract.render.tables import Table, all_tables


def render_markdown(data: dict[str, Any]) -> str:
    run = data.get("run", {})
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
    for table in all_tables(data):
        lines += table_markdown(table)
    return "\n".join(lines) + "\n"


def table_markdown(table: Table) -> list[str]:
    lines = [f"## {_cell(table.title)}", ""]
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
