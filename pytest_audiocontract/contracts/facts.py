"""A surface's facts from claims.yaml, and the typed reads rules make of them.

The loader checks the facts against claims.schema.json before any rule runs; these reads
narrow the JSON to the type the schema promised and say which fact is wrong if it is not.
"""

from __future__ import annotations

from pytest_audiocontract.json_types import JSONObject

Facts = JSONObject


def number_fact(facts: Facts, key: str, default: float) -> float:
    """The number `facts[key]`, or `default` where the pack does not say."""
    value = facts.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TypeError(f"surface fact {key}: {value!r}, expected a number")
    return float(value)


def strings_fact(facts: Facts, key: str) -> list[str]:
    """The list of strings `facts[key]` (empty where the pack does not say)."""
    value = facts.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"surface fact {key}: {value!r}, expected a list of strings")
    return [str(v) for v in value]
