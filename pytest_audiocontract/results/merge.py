"""`audiocontract merge OUT IN...`: one report from the report.json of several environments.

Each tox environment runs its own packs and writes its own report (reports/<env>/); merged,
one page compares packs across runtimes. Every entry keeps the environment it was measured in.
Where two inputs hold the same item (a pack run in two environments), the later input wins.

Each input keeps its machine fingerprint (`run.device`, e.g. `cpu: <model> x<cores>`), and
so does each of its timing entries: timing figures move with the machine, so a merged report
whose inputs ran on different machines never ranks their timings in one table (render/tables
splits them per machine). Quality figures and claims merge as one.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pytest_audiocontract.json_types import JSON, JSONObject

SECTIONS = ("contracts", "claims", "benchmarks", "docs")


def environment_of(path: Path, report: JSONObject) -> str:
    """The environment named in the report's run, else the folder the report.json is in."""
    named = _object(report.get("run")).get("environment")
    return str(named) if named else (path.parent.name if path.name == "report.json" else path.stem)


def fingerprint_of(report: JSONObject) -> str:
    """The machine an input ran on: its run's device fingerprint ("unknown" in older reports)."""
    return str(_object(report.get("run")).get("device") or "unknown")


def timing_fingerprints(merged: JSONObject) -> list[str]:
    """The machines the merged report's timed benchmarks came from, sorted."""
    return sorted(
        {
            str(b.get("fingerprint"))
            for pack in _object(merged.get("packs")).values()
            for b in _objects(_object(pack).get("benchmarks"))
            if "stats_s" in b
        }
    )


def merge_reports(inputs: list[tuple[str, JSONObject]]) -> JSONObject:
    """Merge (environment, report) pairs, in order, into one report of the same schema."""
    first = inputs[0][1]
    environments: list[JSON] = []
    floors: JSONObject = {}
    packs: dict[str, dict[str, list[JSONObject]]] = {}
    for env, report in inputs:
        environments.append(
            {
                "environment": env,
                "status": report.get("status"),
                "created": report.get("created"),
                "run": report.get("run"),
                "fingerprint": fingerprint_of(report),
            }
        )
        floors.update(_object(report.get("harness_floor")))
        for pack_id, pack in _object(report.get("packs")).items():
            into = packs.setdefault(pack_id, {s: [] for s in SECTIONS})
            tags: JSONObject = {"environment": env, "fingerprint": fingerprint_of(report)}
            for section in SECTIONS:
                entries = [{**e, **tags} for e in _objects(_object(pack).get(section))]
                into[section] = _union(into.get(section, []), entries)
    merged: JSONObject = {
        **{k: first[k] for k in ("schema", "schema_version", "run", "normaliser") if k in first},
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "status": "complete" if all(r.get("status") == "complete" for _, r in inputs) else "incomplete",
        "environments": environments,
        "harness_floor": floors,
        "packs": {pack_id: {s: list(e) for s, e in sections.items()} for pack_id, sections in packs.items()},
    }
    machines = timing_fingerprints(merged)
    if len(machines) > 1:
        merged["timing_note"] = (
            f"timing figures come from {len(machines)} machine fingerprints ({'; '.join(machines)}): "
            "each benchmark table ranks one machine's figures, never several side by side; "
            "quality figures and claims are merged as one"
        )
    return merged


def _object(value: JSON | None) -> JSONObject:
    """`value` when it is a JSON object, else {} (an older report may lack the key)."""
    return value if isinstance(value, dict) else {}


def _objects(value: JSON | None) -> list[JSONObject]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _union(old: list[JSONObject], new: list[JSONObject]) -> list[JSONObject]:
    """Entries of both, by identity; an item present in both keeps the newer entry."""
    keys = {_identity(e) for e in new}
    return [e for e in old if _identity(e) not in keys] + new


def _identity(entry: JSONObject) -> tuple[JSON, ...]:
    return tuple(entry.get(f) for f in ("nodeid", "name", "metric", "variant", "device", "dataset"))
