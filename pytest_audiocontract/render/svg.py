"""Small inline SVG plots for report.html: no plotting library, readable offline.

Every label goes through `html.escape`; positions are computed here, so nothing from the
report reaches the markup unescaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape as html_escape

from pytest_audiocontract.render.safe_text import one_line

WIDTH, ROW_HEIGHT, LEFT, RIGHT, TOP = 720, 22, 230, 20, 30


def escape(text: str) -> str:
    """HTML-escaped, with control characters written as escapes."""
    return html_escape(one_line(text))


def _log_axis(values: Sequence[float]) -> tuple[float, float]:
    positive = [v for v in values if v > 0]
    if not positive:
        return 0.0, 1.0
    low, high = math.log10(min(positive)), math.log10(max(positive))
    if high - low < 1e-9:
        low, high = low - 0.5, high + 0.5
    return math.floor(low), math.ceil(high)


def _x(value: float, low: float, high: float) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + span * (math.log10(max(value, 10**low)) - low) / (high - low)


def strip_chart(title: str, unit: str, rows: Sequence[tuple[str, Sequence[float]]]) -> str:
    """One row per label, a dot per value on a log axis (e.g. round times, s)."""
    rows = [(label, [v for v in values if v > 0]) for label, values in rows]
    rows = [(label, values) for label, values in rows if values]
    if not rows:
        return ""
    low, high = _log_axis([v for _, values in rows for v in values])
    height = TOP + ROW_HEIGHT * len(rows) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'role="img" aria-label="{escape(title)}">',
        f'<text x="{LEFT}" y="18" font-weight="bold">{escape(title)}</text>',
    ]
    for index, (label, values) in enumerate(rows):
        y = TOP + ROW_HEIGHT * index + ROW_HEIGHT / 2
        parts.append(
            f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="12">{escape(label)}</text>'
        )
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eee"/>')
        parts += [
            f'<circle cx="{_x(v, low, high):.1f}" cy="{y:.1f}" r="3" fill="#1f77b4" '
            f'fill-opacity="0.6"><title>{escape(f"{v:.4g} {unit}")}</title></circle>'
            for v in values
        ]
    parts += _ticks(low, high, TOP + ROW_HEIGHT * len(rows), unit)
    return "\n".join([*parts, "</svg>"])


def scatter(title: str, x_label: str, y_label: str, points: Sequence[tuple[str, float, float]]) -> str:
    """Labelled points, x on a log axis (e.g. RTF), y linear (e.g. WER)."""
    points = [(label, x, y) for label, x, y in points if x > 0 and math.isfinite(y)]
    if not points:
        return ""
    low, high = _log_axis([x for _, x, _ in points])
    ys = [y for _, _, y in points]
    y_low, y_high = min(*ys, 0.0), max(*ys, 1e-9)
    plot_h = 220
    height = TOP + plot_h + 40

    def y_pos(y: float) -> float:
        return TOP + plot_h - plot_h * (y - y_low) / (y_high - y_low)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'role="img" aria-label="{escape(title)}">',
        f'<text x="{LEFT}" y="18" font-weight="bold">{escape(title)}</text>',
        f'<text x="{LEFT - 8}" y="{TOP + 10}" text-anchor="end" font-size="12">'
        f"{escape(y_label)} {y_high:.3g}</text>",
        f'<text x="{LEFT - 8}" y="{TOP + plot_h}" text-anchor="end" font-size="12">{y_low:.3g}</text>',
        f'<rect x="{LEFT}" y="{TOP}" width="{WIDTH - LEFT - RIGHT}" height="{plot_h}" '
        'fill="none" stroke="#ccc"/>',
    ]
    for label, x, y in points:
        cx, cy = _x(x, low, high), y_pos(y)
        parts.append(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="#d62728">'
            f"<title>{escape(f'{label}: {x_label} {x:.4g}, {y_label} {y:.4g}')}"
            "</title></circle>"
        )
        parts.append(f'<text x="{cx + 6:.1f}" y="{cy - 6:.1f}" font-size="11">{escape(label)}</text>')
    parts += _ticks(low, high, TOP + plot_h, x_label)
    return "\n".join([*parts, "</svg>"])


def _ticks(low: float, high: float, y: float, unit: str) -> list[str]:
    parts = [f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}" stroke="#999"/>']
    for power in range(int(low), int(high) + 1):
        x = _x(10.0**power, low, high)
        parts.append(
            f'<text x="{x:.1f}" y="{y + 16}" text-anchor="middle" font-size="11">'
            f"{escape(f'{10.0**power:g}')}</text>"
        )
    parts.append(
        f'<text x="{WIDTH - RIGHT}" y="{y + 28}" text-anchor="end" font-size="11">'
        f"{escape(unit)} (log scale)</text>"
    )
    return parts
