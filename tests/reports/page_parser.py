"""report.html read back into its structure (sections, tables, cells), with the stdlib parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Cell:
    text: str
    classes: set[str]
    value: str | None  # data-v


@dataclass
class Table:
    section: str  # the id (or text) of the h2 above it
    classes: set[str]
    sub: str = ""  # the text of the h3 above it, within the section
    headers: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)

    def column(self, heading_start: str) -> int:
        [index] = [i for i, h in enumerate(self.headers) if h.startswith(heading_start)]
        return index

    def row(self, pack: str) -> list[Cell]:
        [found] = [r for r in self.rows if r[0].text == pack]
        return found


class Page(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: list[Table] = []
        self.sections: list[str] = []
        self.svg_texts: list[str] = []
        self._section = ""
        self._cell: Cell | None = None
        self._in_head = False
        self._svg_text = False
        self._h2: list[str] | None = None
        self._h3 = False
        self._sub = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "h2":
            self._h2 = []
            self._section = a.get("id") or ""
            self._sub = ""
            self.sections.append(self._section)
        elif tag == "h3":
            self._h3 = True
            self._sub = ""
        elif tag == "table":
            self.tables.append(Table(self._section, set((a.get("class") or "").split()), self._sub))
        elif tag == "thead":
            self._in_head = True
        elif tag == "tbody":
            self._in_head = False
        elif tag == "tr" and not self._in_head:
            self.tables[-1].rows.append([])
        elif tag in ("td", "th"):
            self._cell = Cell("", set((a.get("class") or "").split()), a.get("data-v"))
        elif tag == "text":
            self._svg_text = True
            self.svg_texts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self._cell.text = " ".join(self._cell.text.split())
            if self._in_head:
                self.tables[-1].headers.append(self._cell.text)
            else:
                self.tables[-1].rows[-1].append(self._cell)
            self._cell = None
        elif tag == "text":
            self._svg_text = False
        elif tag == "h2":
            self._h2 = None
        elif tag == "h3":
            self._h3 = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.text += data
        if self._svg_text:
            self.svg_texts[-1] += data
        if self._h3:
            self._sub += data
        if self._h2 is not None and not self._section:
            self._section = data.strip()

    def in_section(self, section: str) -> list[Table]:
        return [t for t in self.tables if t.section == section]
