"""The leaderboard of one surface, built from report data only: one row per pack (variant,
device), quality and speed columns side by side, each with its unit and better direction,
and the best value of every column among the real packs.

Reference and no-op packs (numpy stand-ins that pass every contract, and the harness floor)
are ranked apart: they are not models a team would ship."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from pytest_audiocontract.json_types import JSONObject
from pytest_audiocontract.metric_names import METRICS
from pytest_audiocontract.render.fields import number, obj, objs, text
from pytest_audiocontract.render.metric_display import Display, display
from pytest_audiocontract.render.numbers import fixed
from pytest_audiocontract.render.tables import pack_label

REFERENCE_PREFIXES = ("reference_", "noop")  # the ids of packs that declare no role
STAND_IN_ROLES = frozenset({"reference", "noop"})


def pack_role(pack: str, declared: str | None = None) -> str:
    """A pack's role: the claims.yaml `role` it declared, else derived from its id (reference_*:
    reference, noop: noop, others: model), so packs and reports from before `role` still sort."""
    if declared:
        return declared
    if pack.startswith("noop"):
        return "noop"
    return "reference" if pack.startswith(REFERENCE_PREFIXES) else "model"


def is_reference(pack: str, data: Mapping[str, object] | None = None) -> bool:
    """A pack shipped as a stand-in (role reference or noop): ranked in its own section.
    `data` is the report, whose packs.<id>.role (written at the end of the run) wins."""
    packs = data.get("packs") if data is not None else None
    found = packs.get(pack) if isinstance(packs, dict) else None
    declared = found.get("role") if isinstance(found, dict) else None
    return pack_role(pack, declared if isinstance(declared, str) else None) in STAND_IN_ROLES


@dataclass(frozen=True)
class Column:
    key: str
    metric: str
    display: Display
    kind: str  # "quality", "speed" or "memory"
    input: str | None = None  # the benchmark input the figure was measured on

    @property
    def rank(self) -> tuple[int, int, str]:
        """Quality, then speed, then memory; within each, in METRICS order (wer before cer)."""
        order = list(METRICS)
        position = order.index(self.metric) if self.metric in order else len(order)
        return ({"quality": 0, "speed": 1, "memory": 2}[self.kind], position, self.input or "")

    @property
    def heading(self) -> str:
        return self.display.heading

    def text(self, value: float | None) -> str:
        return "–" if value is None else fixed(value * self.display.scale)


@dataclass
class Board:
    surface: str
    columns: list[Column] = field(default_factory=list)
    rows: dict[str, dict[str, float]] = field(default_factory=dict)  # pack label -> key -> value
    reference: dict[str, dict[str, float]] = field(default_factory=dict)

    def best(self, column: Column) -> set[str]:
        """The real packs holding the best value of `column` (none when fewer than two have one)."""
        found = {pack: v[column.key] for pack, v in self.rows.items() if column.key in v}
        if len(found) < 2 or column.display.higher_is_better is None:
            return set()
        pick = max if column.display.higher_is_better else min
        top = pick(found.values())
        return {pack for pack, value in found.items() if value == top}

    def leader(self, kind: str) -> tuple[str, Column] | None:
        """The best real pack on the first ranked column of `kind`, with that column."""
        for column in (c for c in self.columns if c.kind == kind):
            best = sorted(self.best(column))
            if best:
                return best[0], column
        return None

    def ordered(self) -> list[str]:
        """Real packs, best first on the first quality column (else the first speed one)."""
        ranked = [c for c in self.columns if c.display.higher_is_better is not None]
        if not ranked:
            return sorted(self.rows)
        first = next((c for c in ranked if c.kind == "quality"), ranked[0])
        sign = -1.0 if first.display.higher_is_better else 1.0

        def key(pack: str) -> tuple[float, str]:
            value = self.rows[pack].get(first.key)
            return (math.inf if value is None else sign * value, pack)

        return sorted(self.rows, key=key)


def measured(data: JSONObject) -> list[JSONObject]:
    """Every benchmark record that holds timings (skipped or failed ones hold none)."""
    return [
        b
        for _, found in sorted(obj(data.get("packs")).items())
        for b in objs(obj(found).get("benchmarks"))
        if "stats_s" in b
    ]


def boards(data: JSONObject) -> list[Board]:
    """One board per surface with timed benchmarks, surfaces in name order."""
    by_surface: dict[str, list[JSONObject]] = {}
    for record in measured(data):
        by_surface.setdefault(text(record.get("surface")), []).append(record)
    return [_board(surface, records, data) for surface, records in sorted(by_surface.items())]


def _board(surface: str, records: list[JSONObject], data: Mapping[str, object]) -> Board:
    board = Board(surface)
    columns: dict[str, Column] = {}
    for record in records:
        target = board.reference if is_reference(text(record.get("pack")), data) else board.rows
        values = target.setdefault(pack_label(record), {})
        for column, value in _figures(record):
            columns.setdefault(column.key, column)
            # one memory figure per pack: the largest peak over its inputs
            values[column.key] = (
                max(value, values.get(column.key, value)) if column.kind == "memory" else value
            )
    board.columns = sorted(columns.values(), key=lambda c: c.rank)
    return board


def _figures(record: JSONObject) -> list[tuple[Column, float]]:
    name = text(record.get("input"))
    found: list[tuple[Column, float]] = []
    for metric, value in sorted(obj(record.get("quality")).items()):
        quality = number(value)  # finite numbers only: an error text or NaN is no figure
        if quality is not None:
            found.append((Column(f"q:{metric}:{name}", metric, display(metric), "quality", name), quality))
    rtf = _any_number(record.get("rtf"))
    if rtf is not None:
        found.append((Column(f"s:rtf:{name}", "rtf", display("rtf"), "speed", name), rtf))
    paced = obj(obj(record.get("streaming")).get("paced"))
    for metric in ("first_token_latency_ms", "finalize_latency_ms"):
        latency = _any_number(paced.get(metric))
        if latency is not None:
            found.append((Column(f"s:{metric}:{name}", metric, display(metric), "speed", name), latency))
    peak = _any_number(record.get("peak_rss_mb"))
    if peak is not None:
        found.append((Column("m:peak_rss_mb", "peak_rss_mb", display("peak_rss_mb"), "memory"), peak))
    return found


def _any_number(value: object) -> float | None:
    """`value` as a float when it is a number, infinite ones included (an RTF that never ends)."""
    return float(value) if isinstance(value, (int, float)) else None
