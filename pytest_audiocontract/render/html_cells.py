"""Escaping and the table markup shared by report.html's sections."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape as html_escape

from pytest_audiocontract.safe_text import one_line


def esc(text: object) -> str:
    """HTML-escaped, on one line, with control characters written as escapes."""
    return html_escape(one_line(str(text)))


def num(text: str, value: float | None, extra_class: str = "") -> str:
    """A numeric cell: shown `text`, sorted by `value` (data-v; empty when there is none)."""
    data = "" if value is None else repr(float(value))
    classes = " ".join(c for c in ("num", extra_class) if c)
    return f'<td class="{classes}" data-v="{data}">{esc(text)}</td>'


def cell(text: object, extra_class: str = "") -> str:
    attr = f' class="{extra_class}"' if extra_class else ""
    return f"<td{attr}>{esc(text)}</td>"


def table(headers: Sequence[str], rows: Sequence[str], sortable: bool = True, cls: str = "") -> str:
    """`headers` are markup (already escaped); `rows` are whole <tr> elements."""
    classes = " ".join(c for c in ("sortable" if sortable else "", cls) if c)
    head = "".join(f"<th>{h}</th>" for h in headers)
    return (
        f'<div class="wrap"><table class="{classes}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def note(text: str) -> str:
    return f'<p class="note">{esc(text)}</p>' if text else ""
