"""Reading report data (JSON) by key, narrowed to the type a table needs: a missing or
mistyped value reads as empty, so a report from an older or newer writer still renders."""

from __future__ import annotations

import math

from pytest_audiocontract.json_types import JSON, JSONObject


def obj(value: object) -> JSONObject:
    """`value` when it is a JSON object, else {}."""
    return value if isinstance(value, dict) else {}


def objs(value: object) -> list[JSONObject]:
    """The JSON objects in `value` when it is a list, else []."""
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def items(value: object) -> list[JSON]:
    """`value` when it is a list, else []."""
    return value if isinstance(value, list) else []


def number(value: object) -> float | None:
    """`value` as a finite float when it is a number (not a bool), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def any_number(value: object) -> float | None:
    """`value` as a float when it is a number (not a bool), infinite ones included (an RTF
    that never ends), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return None if math.isnan(value) else float(value)


def maybe_text(value: object) -> str | None:
    """`value` when it is non-empty text (a pack's declared role), else None."""
    return value if isinstance(value, str) and value else None


def numbers(value: object) -> list[float]:
    """The finite numbers in `value` when it is a list, else []."""
    found = [number(v) for v in value] if isinstance(value, list) else []
    return [v for v in found if v is not None]


def text(value: object, default: str = "") -> str:
    """`value` as text; None (or absent) as `default`."""
    return default if value is None else str(value)


def get(record: JSONObject, *path: str) -> JSON:
    """record[path[0]][path[1]]..., None where a step is missing or not an object."""
    found: JSON = record
    for key in path:
        found = obj(found).get(key)
    return found
