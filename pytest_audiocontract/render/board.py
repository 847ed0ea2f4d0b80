"""The leaderboard of one surface, built from report data only: one row per pack (variant,
device), quality and speed columns side by side, each with its unit, better direction and
the input it was measured on, and the best value of every column among the real packs.
Figures come from the benchmarks, and from the claims for a metric no benchmark of that pack
measured (board_claims.py).

Reference and no-op packs (numpy stand-ins that pass every contract, and the harness floor)
are ranked apart: they are not models a team would ship."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from pytest_audiocontract.json_fields import any_number, get, maybe_text, number, obj, objs, text
from pytest_audiocontract.json_types import JSONObject
from pytest_audiocontract.metric_names import METRICS
from pytest_audiocontract.render.board_claims import benchmark_metrics, claim_kind, claim_records, claim_where
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
    declared = maybe_text(get(obj(data), "packs", pack, "role"))
    return pack_role(pack, declared) in STAND_IN_ROLES


@dataclass(frozen=True)
class Column:
    key: str
    metric: str
    display: Display
    kind: str  # "quality", "speed" or "memory"
    input: str | None = None  # what the figure was measured on: a benchmark input, a claim's inputs
    source: str = "benchmark"  # or "claim": a figure only a claim measured (board_claims.py)

    @property
    def rank(self) -> tuple[int, int, bool, str]:
        """Quality, then speed, then memory; within each, in METRICS order (wer before cer),
        a benchmark's figure before a claim's."""
        order = list(METRICS)
        position = order.index(self.metric) if self.metric in order else len(order)
        kind = {"quality": 0, "speed": 1, "memory": 2}[self.kind]
        return (kind, position, self.source == "claim", self.input or "")

    @property
    def heading(self) -> str:
        return self.display.heading

    def text(self, value: float | None) -> str:
        return "–" if value is None else fixed(value * self.display.scale)


@dataclass(frozen=True)
class Leader:
    """The real pack leading a board on quality or on speed, on `column`. `alone`: it is the
    only real pack with a figure there (nothing ranks it); `others`: real packs with a figure
    of that kind measured on other inputs only."""

    pack: str
    column: Column
    value: float
    alone: bool = False
    others: int = 0


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

    def leader(self, kind: str) -> Leader | None:
        """The best real pack on the first column of `kind` that ranks two or more; else, on
        the first with a better direction that one real pack alone has a figure in, that pack
        (`alone`), so a surface measured for one real pack still names it."""
        ranked = [c for c in self.columns if c.kind == kind and c.display.higher_is_better is not None]
        for column in ranked:
            best = sorted(self.best(column))
            if best:
                return Leader(best[0], column, self.rows[best[0]][column.key])
        keys = {c.key for c in ranked}
        for column in ranked:
            found = [pack for pack, values in self.rows.items() if column.key in values]
            if len(found) == 1:
                [pack] = found
                others = sum(1 for p, v in self.rows.items() if p != pack and keys & v.keys())
                return Leader(pack, column, self.rows[pack][column.key], alone=True, others=others)
        return None

    def ordered(self) -> list[str]:
        """Real packs, best first on the column the quality leader was picked on (else the
        first quality column, else the first speed one)."""
        ranked = [c for c in self.columns if c.display.higher_is_better is not None]
        if not ranked:
            return sorted(self.rows)
        leader = self.leader("quality")
        first = leader.column if leader else next((c for c in ranked if c.kind == "quality"), ranked[0])
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
    """One board per surface with timed benchmarks or measured claims, in name order."""
    benches: dict[str, list[JSONObject]] = {}
    for record in measured(data):
        benches.setdefault(text(record.get("surface")), []).append(record)
    claims: dict[str, list[JSONObject]] = {}
    for claim in claim_records(data):
        claims.setdefault(text(claim.get("surface")), []).append(claim)
    return [
        _board(surface, benches.get(surface, []), claims.get(surface, []), data)
        for surface in sorted(benches.keys() | claims.keys())
    ]


def _board(
    surface: str, records: list[JSONObject], claims: list[JSONObject], data: Mapping[str, object]
) -> Board:
    board = Board(surface)
    columns: dict[str, Column] = {}
    benched: dict[str, set[str]] = {}  # pack label -> the metrics its benchmarks measured
    for record in records:
        target = board.reference if is_reference(text(record.get("pack")), data) else board.rows
        values = target.setdefault(pack_label(record), {})
        benched.setdefault(pack_label(record), set()).update(benchmark_metrics(record))
        for column, value in _figures(record):
            columns.setdefault(column.key, column)
            # one memory figure per pack: the largest peak over its inputs
            values[column.key] = (
                max(value, values.get(column.key, value)) if column.kind == "memory" else value
            )
    for claim in claims:
        label = pack_label(claim)
        if text(claim.get("metric")) in benched.get(label, set()):
            continue  # a benchmark measured it: the board shows the benchmark's figure
        found = _claim_figure(claim)
        if found is None:
            continue
        column, value = found
        target = board.reference if is_reference(text(claim.get("pack")), data) else board.rows
        columns.setdefault(column.key, column)
        target.setdefault(label, {}).setdefault(column.key, value)  # the first claim of a kind
    board.columns = sorted(columns.values(), key=lambda c: c.rank)
    return board


def _claim_figure(claim: JSONObject) -> tuple[Column, float] | None:
    """A claim's figure in a column of its metric and inputs (key c:<kind>:<metric>:<where>,
    never a benchmark's column), or None when it holds no quality or speed figure."""
    metric, where = text(claim.get("metric")), claim_where(claim)
    kind, value = claim_kind(metric), number(claim.get("measured"))
    if kind is None or value is None:
        return None
    return Column(f"c:{kind}:{metric}:{where}", metric, display(metric), kind, where, "claim"), value


def _figures(record: JSONObject) -> list[tuple[Column, float]]:
    name = text(record.get("input"))
    found: list[tuple[Column, float]] = []
    for metric, value in sorted(obj(record.get("quality")).items()):
        quality = number(value)  # finite numbers only: an error text or NaN is no figure
        if quality is not None:
            found.append((Column(f"q:{metric}:{name}", metric, display(metric), "quality", name), quality))
    rtf = any_number(record.get("rtf"))
    if rtf is not None:
        found.append((Column(f"s:rtf:{name}", "rtf", display("rtf"), "speed", name), rtf))
    paced = obj(obj(record.get("streaming")).get("paced"))
    for metric in ("first_token_latency_ms", "finalize_latency_ms"):
        latency = any_number(paced.get(metric))
        if latency is not None:
            found.append((Column(f"s:{metric}:{name}", metric, display(metric), "speed", name), latency))
    peak = any_number(record.get("peak_rss_mb"))
    if peak is not None:
        found.append((Column("m:peak_rss_mb", "peak_rss_mb", display("peak_rss_mb"), "memory"), peak))
    return found
