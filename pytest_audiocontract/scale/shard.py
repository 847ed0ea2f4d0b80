"""`--shard K/N`: the K-th of N deterministic parts of the selected items.

Items are split by pack, so a pack's items stay together and its model loads once per shard;
items that belong to no pack (ordinary tests) are split by file. The groups are balanced by
the seconds each took in a previous report (`--shard-durations`), else each group counts one,
and placed greedily, largest first, into the lightest shard, ties broken by name and shard
number, so every shard's run computes the same split and the N shards together run exactly
the items one run would, none twice.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from pytest_audiocontract.item_key import ItemKey
from pytest_audiocontract.json_types import JSONObject


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based, as written on the command line
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def parse_shard(value: str) -> Shard:
    """`K/N` with 1 <= K <= N; a UsageError that says so otherwise."""
    index, slash, count = value.partition("/")
    try:
        shard = Shard(int(index), int(count))
    except ValueError:
        shard = None
    if not slash or shard is None or not 1 <= shard.index <= shard.count:
        raise pytest.UsageError(
            f"--shard={value}, but should be K/N with whole numbers 1 <= K <= N (e.g. --shard 2/3)"
        )
    return shard


def group_of(item: pytest.Item) -> str:
    """The pack an item belongs to (`pack:<id>`), else its file (`file:<path>`)."""
    key = getattr(item, "key", None)  # every pack item carries its ItemKey (item_key.py)
    if isinstance(key, ItemKey):
        return f"pack:{key.pack}"
    return f"file:{item.nodeid.split('::', 1)[0]}"


def assign(weights: Mapping[str, float], count: int) -> dict[str, int]:
    """Group -> shard number (1-based): largest group first, into the lightest shard."""
    loads = [0.0] * count
    placed: dict[str, int] = {}
    for group in sorted(weights, key=lambda g: (-weights[g], g)):
        lightest = min(range(count), key=lambda i: (loads[i], i))
        loads[lightest] += weights[group]
        placed[group] = lightest + 1
    return placed


def group_weights(groups: Iterable[str], durations: Mapping[str, float] | None) -> dict[str, float]:
    """Seconds per group from `durations` (nodeid -> s, summed per group); a group the previous
    run did not see counts as the median known group. Without durations every group counts 1."""
    names = sorted(set(groups))
    if not durations:
        return dict.fromkeys(names, 1.0)
    known: dict[str, float] = {}
    for nodeid, seconds in durations.items():
        known[nodeid] = known.get(nodeid, 0.0) + seconds
    seen = {g: known[g] for g in names if g in known}
    default = statistics.median(seen.values()) if seen else 1.0
    return {g: seen.get(g, default) for g in names}


def durations_by_group(path: Path) -> dict[str, float]:
    """Seconds per group from a report.json (`pack:<id>` totals), or from a pytest-split style
    `{nodeid: seconds}` file (per file group only; packs are found by their report)."""
    try:
        data: object = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise pytest.UsageError(f"--shard-durations={path}: cannot be read as JSON ({exc})") from None
    if isinstance(data, dict) and data.get("schema") == "pytest-audiocontract/report":
        return _report_durations(data)
    if isinstance(data, dict) and all(isinstance(v, (int, float)) for v in data.values()):
        totals: dict[str, float] = {}
        for nodeid, seconds in data.items():
            group = f"file:{str(nodeid).split('::', 1)[0]}"
            totals[group] = totals.get(group, 0.0) + float(seconds)
        return totals
    raise pytest.UsageError(
        f"--shard-durations={path}: neither a report.json (--audiocontract-report) nor a "
        "{nodeid: seconds} mapping; pass the report.json of an earlier run"
    )


def _report_durations(data: JSONObject) -> dict[str, float]:
    totals: dict[str, float] = {}
    packs = data.get("packs")
    for pack_id, pack in (packs if isinstance(packs, dict) else {}).items():
        seconds = 0.0
        for section in pack.values() if isinstance(pack, dict) else []:
            for entry in section if isinstance(section, list) else []:
                value = entry.get("duration_s") if isinstance(entry, dict) else None
                if isinstance(value, (int, float)):
                    seconds += float(value)
        totals[f"pack:{pack_id}"] = seconds
    return totals


def select_shard(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep this shard's items, hand the others to pytest_deselected."""
    value = config.getoption("audiocontract_shard")
    if not value:
        return
    shard = parse_shard(value)
    path = config.getoption("audiocontract_shard_durations")
    durations = durations_by_group(Path(path)) if path else None
    groups = [group_of(item) for item in items]
    placed = assign(group_weights(groups, durations), shard.count)
    kept = [item for item, g in zip(items, groups, strict=True) if placed[g] == shard.index]
    dropped = [item for item, g in zip(items, groups, strict=True) if placed[g] != shard.index]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
