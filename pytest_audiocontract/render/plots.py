"""The report's figures (matplotlib, as inline SVG), drawn from report data only: quality
against speed with the Pareto front, the spread of RTF over rounds, and the streaming
latencies (per-chunk push percentiles, first token, finalize). Only real packs are drawn;
a figure with fewer than two packs in it is left out (the leaderboard already says it)."""

from __future__ import annotations

import math

from pytest_audiocontract.json_fields import numbers, obj, text
from pytest_audiocontract.json_types import JSONObject
from pytest_audiocontract.render.board import Board, Column, is_reference, measured
from pytest_audiocontract.render.metric_display import display
from pytest_audiocontract.render.numbers import time_unit
from pytest_audiocontract.render.svg_figure import Figure
from pytest_audiocontract.render.tables import pack_label

PERCENTILES = (("p50", "o"), ("p90", "s"), ("p95", "^"), ("p99", "D"))


def pareto(points: list[tuple[str, float, float]], higher_is_better: bool) -> list[tuple[str, float, float]]:
    """The (label, rtf, quality) points no other point beats on both speed and quality,
    fastest first."""
    sign = 1.0 if higher_is_better else -1.0
    front: list[tuple[str, float, float]] = []
    for point in sorted(points, key=lambda p: (p[1], -sign * p[2])):
        if not front or sign * point[2] > sign * front[-1][2]:
            front.append(point)
    return front


def quality_speed(board: Board) -> list[str]:
    """One scatter per quality column that has an RTF on the same input, two packs or more."""
    figures = []
    for quality in (c for c in board.columns if c.kind == "quality" and c.source == "benchmark"):
        speed_key = f"s:rtf:{quality.input}"
        points = [
            (pack, v[speed_key], v[quality.key] * quality.display.scale)
            for pack, v in sorted(board.rows.items())
            if quality.key in v and v.get(speed_key, 0) > 0
        ]
        if len(points) >= 2 and quality.display.higher_is_better is not None:
            figures.append(_scatter(board.surface, quality, points))
    return figures


def _scatter(surface: str, quality: Column, points: list[tuple[str, float, float]]) -> str:
    figure = Figure(6.4, 3.8)
    ax = figure.ax
    better_up = bool(quality.display.higher_is_better)
    front = pareto(points, better_up)
    ax.plot([p[1] for p in front], [p[2] for p in front], "-", color="#f28e2b", lw=1.5, label="Pareto front")
    on_front = {p[0] for p in front}
    for label, x, y in points:
        ax.scatter([x], [y], s=36, zorder=3, color="#e15759" if label in on_front else "#4e79a7")
        text, gid = figure.label(label)
        ax.annotate(text, (x, y), xytext=(5, 4), textcoords="offset points", fontsize=8, gid=gid)
    ax.scatter([], [], color="#e15759", label="on the front")
    ax.scatter([], [], color="#4e79a7", label="dominated")
    figure.log_x([p[1] for p in points])
    figure.fixed_y()
    ax.set_xlabel("RTF ↓ (wall seconds per second of audio)")
    ax.set_ylabel(quality.heading)
    ax.margins(x=0.25, y=0.2)
    ax.legend(loc="best", fontsize=8, frameon=False)
    ax.set_title(f"{surface}: {quality.display.label} against speed on {quality.input}", fontsize=10)
    return figure.svg(f"{surface} {quality.display.label} against RTF, Pareto front marked")


def rtf_spread(data: JSONObject, surface: str) -> str | None:
    """RTF of each timed round, one box per real pack and input (log scale)."""
    rows = [
        (f"{pack_label(b)} · {text(b.get('input'))}", [r for r in numbers(b.get("rtf_rounds")) if r > 0])
        for b in measured(data)
        if b.get("surface") == surface and not is_reference(text(b.get("pack")), data)
    ]
    rows = [(label, rounds) for label, rounds in rows if rounds]
    if len({label.split(" · ")[0] for label, _ in rows}) < 2:
        return None
    rows.sort(key=lambda r: sorted(r[1])[len(r[1]) // 2], reverse=True)
    figure = Figure(6.4, 0.9 + 0.32 * len(rows))
    ax = figure.ax
    ax.boxplot([r for _, r in rows], orientation="horizontal", widths=0.5, showfliers=True)
    _row_labels(figure, [label for label, _ in rows])
    figure.log_x([r for _, rounds in rows for r in rounds])
    ax.set_xlabel("RTF ↓ per round")
    ax.set_title(f"{surface}: RTF over the timed rounds", fontsize=10)
    return figure.svg(f"{surface} RTF of each timed round")


def push_latency(data: JSONObject) -> str | None:
    """Per-chunk push latency percentiles of each real streaming pack, one marker each."""
    rows = []
    for b in measured(data):
        for mode in ("unpaced", "paced"):
            push = obj(obj(obj(b.get("streaming")).get(mode)).get("push_latency_us"))
            if push and not is_reference(text(b.get("pack")), data):
                rows.append((f"{pack_label(b)} · {text(b.get('input'))} · {mode}", push))
    if not rows:
        return None
    unit, size = time_unit([v * 1e-6 for _, push in rows for v in push.values() if isinstance(v, float)])
    figure = Figure(6.4, 1.1 + 0.32 * len(rows))
    ax = figure.ax
    for name, marker in PERCENTILES:
        xs = [push.get(name) for _, push in rows]
        ys = [i for i, x in enumerate(xs, 1) if isinstance(x, (int, float))]
        ax.scatter(
            [x * 1e-6 / size for x in xs if isinstance(x, (int, float))], ys, marker=marker, label=name
        )
    _row_labels(figure, [label for label, _ in rows])
    figure.log_x([v * 1e-6 / size for _, push in rows for v in push.values() if isinstance(v, (int, float))])
    ax.set_xlabel(f"push latency per chunk, {unit} ↓")
    figure.fig.legend(loc="outside lower center", ncol=4, fontsize=8, frameon=False)
    ax.set_title("asr_stream: per-chunk push latency", fontsize=10)
    return figure.svg("per-chunk push latency percentiles of each streaming pack")


def stream_latency(data: JSONObject) -> str | None:
    """First token and finalize latency (paced) of each real streaming pack, as bars."""
    rows: list[tuple[str, float, float]] = []
    for b in measured(data):
        paced = obj(obj(b.get("streaming")).get("paced"))
        first, final = _number(paced.get("first_token_latency_ms")), _number(paced.get("finalize_latency_ms"))
        if not (math.isnan(first) and math.isnan(final)) and not is_reference(text(b.get("pack")), data):
            rows.append((f"{pack_label(b)} · {text(b.get('input'))}", first, final))
    if not rows:
        return None
    figure = Figure(6.4, 1.1 + 0.42 * len(rows))
    ax = figure.ax
    height = 0.38
    for offset, index, name in (
        (-height / 2, 1, "first_token_latency_ms"),
        (height / 2, 2, "finalize_latency_ms"),
    ):
        where = [i + offset for i in range(1, len(rows) + 1)]
        ax.barh(where, [r[index] for r in rows], height=height, label=display(name).label)
    _row_labels(figure, [r[0] for r in rows])
    ax.set_xlabel("ms ↓ (paced: chunks pushed in real time)")
    figure.fig.legend(loc="outside lower center", ncol=2, fontsize=8, frameon=False)
    ax.set_title("asr_stream: first token and finalize latency", fontsize=10)
    return figure.svg("first token and finalize latency of each streaming pack")


def _number(value: object) -> float:
    return float(value) if isinstance(value, (int, float)) else math.nan


def _row_labels(figure: Figure, labels: list[str]) -> None:
    ax = figure.ax
    ax.set_yticks(range(1, len(labels) + 1))
    shown = [figure.label(label, limit=48) for label in labels]
    ticks = ax.set_yticklabels([text for text, _ in shown], fontsize=8)
    for tick, (_, gid) in zip(ticks, shown, strict=True):
        tick.set_gid(gid)
    ax.set_ylim(0.4, len(labels) + 0.6)
    ax.grid(axis="y", visible=False)
