"""Type names for the JSON the run reads and writes (report.json, records, claims.yaml values).

Code that reads such data narrows it (isinstance) where it uses it; code that only passes it on
says `JSONObject`, not a dict of untyped values.
"""

from __future__ import annotations

from typing import TypeAlias

JSONScalar: TypeAlias = str | int | float | bool | None
JSON: TypeAlias = JSONScalar | list["JSON"] | dict[str, "JSON"]
JSONObject: TypeAlias = dict[str, JSON]
