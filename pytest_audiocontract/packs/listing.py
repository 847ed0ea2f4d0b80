"""The selector's output: one row per pack, as a table or as JSON-ready dicts."""

from __future__ import annotations

from pathlib import Path

from pytest_audiocontract.json_types import JSON, JSONObject
from pytest_audiocontract.packs.discovery import discover, read_pack
from pytest_audiocontract.packs.requirements import missing_requirements
from pytest_audiocontract.packs.selection import PackFilter
from pytest_audiocontract.packs.weights import weights_status
from pytest_audiocontract.spec.model import PackSpec

COLUMNS = ("id", "surfaces", "runtime", "devices", "ci", "environment", "status", "weights")


def pack_rows(
    search_roots: list[Path], pack_filter: PackFilter, selected: list[Path] | None = None
) -> list[JSONObject]:
    found = [read_pack(p) for p in selected] if selected is not None else discover(search_roots)
    rows: list[JSONObject] = []
    first_with_id: dict[str, Path] = {}
    for pack in found:
        spec = pack.spec
        first = first_with_id.setdefault(spec.id, spec.root) if spec else None
        if spec is not None and first != spec.root:
            rows.append(
                {
                    "id": spec.id,
                    "path": str(spec.root),
                    "status": f"duplicate id (also {first}): not run; give one of them another id",
                }
            )
            continue
        if spec is None:
            problems = pack.error.problems if pack.error else []
            rows.append(
                {
                    "id": pack.id,
                    "path": str(pack.root),
                    "status": f"invalid claims.yaml ({len(problems)} problem(s))",
                }
            )
            continue
        if not pack_filter.accepts(spec):
            continue
        missing = missing_requirements(spec)
        runtimes = sorted({spec.runtime_of(v) for v in spec.variants})
        rows.append(
            {
                "id": spec.id,
                "name": spec.name,
                "path": str(spec.root),
                "surfaces": [*pack_filter.surfaces_of(spec)],
                "runtime": _one_or_list(runtimes),
                "devices": list(spec.devices),
                "variants": list(spec.variants),
                "ci": spec.ci,
                "environment": _one_or_list(sorted({spec.environment_of(v) for v in spec.variants})),
                "claims": len(spec.claims),
                "status": "missing " + ", ".join(missing) if missing else "installed",
            }
        )
        if spec.weights:
            rows[-1]["weights"] = _weights(spec)
    return rows


def _weights(spec: PackSpec) -> JSONObject:
    """Per variant with a weights folder: whether it was found, where, and what it verified."""
    out: JSONObject = {}
    for variant in spec.weights:
        status = weights_status(spec, variant)
        out[variant] = {
            "found": status.found,
            "folder": None if status.folder is None else str(status.folder),
            "env": status.source.env,
            "verified": status.source.verified,
            "problem": None if status.found else status.problem(),
        }
    return out


def _one_or_list(values: list[str]) -> JSON:
    return values[0] if len(values) == 1 else [*values]


def render_table(rows: list[JSONObject]) -> str:
    if not rows:
        return "no packs match"
    cells = [[_cell(row.get(c, "")) for c in COLUMNS] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(COLUMNS)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(COLUMNS, widths, strict=True))]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join(line.rstrip() for line in lines)


def _cell(value: object) -> str:
    if isinstance(value, dict):  # weights: variant -> status
        return ",".join(f"{k}:{'found' if v['found'] else 'missing'}" for k, v in value.items())
    if isinstance(value, list):
        return ",".join(map(str, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
