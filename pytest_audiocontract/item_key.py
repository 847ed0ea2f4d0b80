"""What a pack item is about, as a typed record: on the item, and on every report of it.

Pack id, surface, rule, variant and device are never parsed back out of a node id (pack ids
and variants may hold "-", claim labels "/"): the collector that builds an item knows them,
stores an `ItemKey` on it (`item.key`) and in its `user_properties`, which pytest copies onto
each phase's report and pytest-xdist serialises from worker to controller.

The ids themselves are ones pytest parses the way it builds them: `name[params]` items are
`pytest.Function`s with a real callspec whose id is the bracket's content, and plain items
get the node id pytest would read back from the string, so `--lf`, `--ff`, `--deselect`, `-k`
and xdist's scheduling match them on pytest 8 and 9 alike.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

import pytest

PROPERTY = "audiocontract_item"

Kind = Literal["contract", "claim", "benchmark", "docs", "problem"]


@dataclass(frozen=True)
class ItemKey:
    """One pack item: `group` is its collector (a surface, "bench", "claims" or "docs"),
    `name` its pytest name (`length_matches_input[good]`), `rule` the contract rule, claim
    label or gate it checks, `input` a benchmark's input."""

    kind: Kind
    pack: str
    group: str
    name: str
    surface: str | None = None
    rule: str | None = None
    variant: str | None = None
    device: str | None = None
    input: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return dataclasses.asdict(self)


def tag(item: pytest.Item, key: ItemKey) -> None:
    """Put `key` on the item and on every report pytest makes of it."""
    item.key = key  # type: ignore[attr-defined]
    item.user_properties.append((PROPERTY, key.as_dict()))


def key_of(report: pytest.TestReport) -> ItemKey | None:
    """The ItemKey a pack item's report carries (None for any other test)."""
    for name, value in report.user_properties:
        if name == PROPERTY and isinstance(value, dict):
            fields = {f.name for f in dataclasses.fields(ItemKey)}
            return ItemKey(**{k: v for k, v in value.items() if k in fields})
    return None


def param_id(*parts: str | None, sep: str = "-") -> str:
    return sep.join(p for p in parts if p)


# What pytest's `from_parent` passes on to a node's __init__ (name, parent, nodeid, callspec, ...):
# keywords of mixed types that our nodes forward unread to pytest's own constructor.
NodeArgs: TypeAlias = Any


def callspec(params: str) -> object:
    """A callspec holding only the id `params`: pytest then reads `name[params]` as a
    parametrised item (pytest 9.2 keeps path, names and params apart in its node ids)."""
    from _pytest import python

    # pytest 9.2 renamed CallSpec2 to CallSpec (the old name warns there).
    cls = vars(python).get("CallSpec") or vars(python)["CallSpec2"]
    return cls(_idlist=[params])


def child_nodeid(parent: pytest.Collector, name: str) -> str:
    """The node id of a plain item `name` under `parent`, as a string, so pytest parses it
    exactly as it parses the ids it stores (`--lf`) and is given (`path::name[params]`)."""
    return f"{parent.nodeid}::{name}"
