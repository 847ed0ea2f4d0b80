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
from typing import Any

SECTIONS = ("contracts", "claims", "benchmarks", "docs")


def environment_of(path: Path, report: dict[str, Any]) -> str:
    """The environment named in the report's run, else the folder the report.json is in."""
    named = report.get("run", {}).get("environment")
    return str(named) if named else (path.parent.name if path.name == "report.json" else path.stem)


def fingerprint_of(report: dict[str, Any]) -> str:
    """The machine an input ran on: its run's device fingerprint ("unknown" in older reports)."""
    return str((report.get("run") or {}).get("device") or "unknown")


def timing_fingerprints(merged: dict[str, Any]) -> list[str]:
    """The machines the merged report's timed benchmarks came from, sorted."""
    return sorted(
        {
            str(b.get("fingerprint"))
            for pack in merged.get("packs", {}).values()
            for b in pack.get("benchmarks", [])
            if "stats_s" in b
        }
    )


def merge_reports(inputs: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """Merge (environment, report) pairs, in order, into one report of the same schema."""
    first = inputs[0][1]
    merged: dict[str, Any] = {
        **{k: first[k] for k in ("schema", "schema_version", "run", "normaliser") if k in first},
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "status": "complete" if all(r.get("status") == "complete" for _, r in inputs) else "incomplete",
        "environments": [],
        "harness_floor": {},
        "packs": {},
    }
    for env, report in inputs:
        merged["environments"].append(
            {
                "environment": env,
                "status": report.get("status"),
                "created": report.get("created"),
                "run": report.get("run"),
                "fingerprint": fingerprint_of(report),
            }
        )
        merged["harness_floor"].update(report.get("harness_floor") or {})
        for pack_id, pack in (report.get("packs") or {}).items():
            into = merged["packs"].setdefault(pack_id, {s: [] for s in SECTIONS})
            tags = {"environment": env, "fingerprint": fingerprint_of(report)}
            for section in SECTIONS:
                into[section] = _union(into.get(section, []), [{**e, **tags} for e in pack.get(section, [])])
    machines = timing_fingerprints(merged)
    if len(machines) > 1:
        merged["timing_note"] = (
            f"timing figures come from {len(machines)} machine fingerprints ({'; '.join(machines)}): "
            "each benchmark table ranks one machine's figures, never several side by side; "
            "quality figures and claims are merged as one"
        )
    return merged


def _union(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Entries of both, by identity; an item present in both keeps the newer entry."""
    keys = {_identity(e) for e in new}
    return [e for e in old if _identity(e) not in keys] + new


def _identity(entry: dict[str, Any]) -> tuple[Any, ...]:
    return (
        entry.get("nodeid"),
        entry.get("name"),
        entry.get("metric"),
        entry.get("variant"),
        entry.get("device"),
        entry.get("dataset"),
    )


def merge_command(out: Path, paths: list[Path]) -> int:
    """Write OUT/report.json, report.md and report.html; exit status 2 if an input is unusable."""
    import sys

    from pytest_audiocontract.results.report import ReportWriter, load_report

    inputs = []
    for path in paths:
        file = path / "report.json" if path.is_dir() else path
        try:
            report = load_report(file)
        except (OSError, ValueError) as exc:
            print(f"{file}: cannot merge: {exc}", file=sys.stderr)
            return 2
        inputs.append((environment_of(file, report), report))
    writer = ReportWriter(out)
    writer.data = merge_reports(inputs)
    writer.write()
    packs = len(writer.data["packs"])
    print(f"merged {len(inputs)} report(s), {packs} pack(s), into {out / 'report.json'}")
    if "timing_note" in writer.data:
        print(f"audiocontract merge: {writer.data['timing_note']}")
    return 0


def add_merge_parser(sub: Any) -> None:
    merge = sub.add_parser(
        "merge",
        help="merge report.json files of several environments into "
        "one report (report.json, report.md, report.html)",
    )
    merge.add_argument("out", type=Path, help="folder to write the merged report into")
    merge.add_argument(
        "inputs", nargs="+", type=Path, help="report.json files, or folders holding one (reports/<env>/)"
    )
    merge.set_defaults(handler=lambda args: merge_command(args.out, args.inputs))
