"""`audiocontract merge OUT IN...`: one report from the report.json of several environments
(what merging keeps apart: results/merge.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pytest_audiocontract.results import merge as merging
from pytest_audiocontract.results.merge import environment_of, merge_reports


def merge_command(out: Path, paths: list[Path]) -> int:
    """Write OUT/report.json, report.md and report.html; exit status 2 if an input is unusable."""
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
    merged = merge_reports(inputs)
    writer = ReportWriter(out)
    writer.data = merged
    writer.write()
    packs = merged["packs"]
    count = len(packs) if isinstance(packs, dict) else 0
    print(f"merged {len(inputs)} report(s), {count} pack(s), into {out / 'report.json'}")
    if "timing_note" in merged:
        print(f"audiocontract merge: {merged['timing_note']}")
    return 0


def add_merge_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    merge = sub.add_parser(
        "merge",
        help="merge report.json files of several environments into one report (json, md, html)",
        description=merging.__doc__,  # what merging keeps apart: environments, machine fingerprints
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    merge.add_argument("out", type=Path, help="folder to write the merged report into")
    merge.add_argument(
        "inputs", nargs="+", type=Path, help="report.json files, or folders holding one (reports/<env>/)"
    )
    merge.set_defaults(handler=lambda args: merge_command(args.out, args.inputs))
