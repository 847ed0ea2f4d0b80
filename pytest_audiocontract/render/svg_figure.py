"""A matplotlib figure as inline SVG for report.html: text kept as text (searchable, no
glyph paths), ids unique per figure, the size set by the page (width 100%), and long labels
shortened with the full text in a <title> (a hover tooltip).

matplotlib is optional: `available()` says whether it can be imported; nothing here imports
it before a figure is drawn."""

from __future__ import annotations

import importlib.util
import io
import itertools
import re
from html import escape
from typing import Any

MATPLOTLIB_HINT = "pip install matplotlib"
FONT = "DejaVu Sans"
MAX_LABEL = 22
_counter = itertools.count()


def available() -> bool:
    return importlib.util.find_spec("matplotlib") is not None


def short(label: str, limit: int = MAX_LABEL) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


class Figure:
    """One figure: `Figure(w, h)` gives (fig, ax); `svg()` closes it and returns the markup."""

    def __init__(self, width_in: float = 6.4, height_in: float = 3.6) -> None:
        import matplotlib

        matplotlib.use("Agg", force=False)
        from matplotlib import pyplot

        self._pyplot = pyplot
        self.salt = f"f{next(_counter)}"
        self.titles: dict[str, str] = {}  # gid -> full text of a shortened label
        with matplotlib.rc_context(_RC):
            self.fig, self.ax = pyplot.subplots(figsize=(width_in, height_in), layout="constrained")

    def label(self, text: str, limit: int = MAX_LABEL) -> tuple[str, str]:
        """(shown text, gid): pass the gid to the artist so its full text becomes a <title>."""
        gid = f"{self.salt}t{len(self.titles)}"
        self.titles[gid] = text
        return short(text, limit), gid

    def log_x(self, values: list[float]) -> None:
        """An x axis for `values` (all > 0) with tick labels in fixed point (0.01, not 10^-2),
        each distinct and as precise as the ticks' step needs (render/ticks.py): log scale
        when they span a decade or more, linear otherwise (a log axis over less than a
        decade has too few ticks to read)."""
        from matplotlib.ticker import LogLocator, MaxNLocator, NullFormatter

        from pytest_audiocontract.render.ticks import DistinctFormatter

        axis = self.ax.xaxis
        positive = [v for v in values if v > 0]
        span = max(positive) / min(positive) if positive else 1.0
        if span < 10:
            axis.set_major_locator(MaxNLocator(6))
            axis.set_major_formatter(DistinctFormatter())
            return
        self.ax.set_xscale("log")
        subs = (1.0, 2.0, 5.0) if span < 1000 else (1.0,)
        axis.set_major_locator(LogLocator(base=10, subs=subs))
        axis.set_major_formatter(DistinctFormatter(log=True))
        axis.set_minor_formatter(NullFormatter())

    def fixed_y(self) -> None:
        """A linear y axis whose tick labels are in fixed point, each distinct (no offset)."""
        from pytest_audiocontract.render.ticks import DistinctFormatter

        self.ax.yaxis.set_major_formatter(DistinctFormatter())

    def svg(self, description: str) -> str:
        import matplotlib

        buffer = io.StringIO()
        with matplotlib.rc_context({**_RC, "svg.hashsalt": self.salt}):
            self.fig.savefig(
                buffer, format="svg", bbox_inches="tight", pad_inches=0.08, metadata={"Date": None}
            )
        self._pyplot.close(self.fig)
        return _inline(buffer.getvalue(), description, self.titles, self.salt)


_RC: Any = {  # matplotlib types rc keys as Literals
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": [FONT],
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#e6e6e6",
    "axes.axisbelow": True,
}


def _inline(svg: str, description: str, titles: dict[str, str], salt: str) -> str:
    svg = svg[svg.index("<svg") :]
    # the page sizes the figure; the viewBox keeps its proportions
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", svg, count=1)
    svg = svg.replace(
        "<svg ",
        f'<svg class="figure" role="img" aria-label="{escape(description)}" style="width:100%;height:auto" ',
        1,
    )
    # matplotlib's own ids (clip paths, markers) repeat between figures: make them unique
    svg = re.sub(r'id="([^"]+)"', lambda m: f'id="{salt}-{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{salt}-{m.group(1)})", svg)
    svg = re.sub(r'xlink:href="#([^"]+)"', lambda m: f'xlink:href="#{salt}-{m.group(1)}"', svg)
    for gid, text in titles.items():
        svg = svg.replace(f'<g id="{salt}-{gid}">', f'<g id="{salt}-{gid}"><title>{escape(text)}</title>', 1)
    return re.sub(r"<metadata>.*?</metadata>", "", svg, count=1, flags=re.S)
