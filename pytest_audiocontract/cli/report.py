"""`audiocontract report`: re-render report.md and report.html from a report.json."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pytest_audiocontract.cli import SubParsers


def add_report_parser(sub: SubParsers) -> None:
    report = sub.add_parser("report", help="re-render report.md and report.html from a report.json")
    report.add_argument("report_json", type=Path)
    report.set_defaults(handler=_report)


def _report(args: argparse.Namespace) -> int:
    from pytest_audiocontract.render.html import render_html
    from pytest_audiocontract.render.markdown import render_markdown
    from pytest_audiocontract.results.report import load_report, write_atomic

    try:
        data = load_report(args.report_json)
    except (OSError, ValueError) as exc:
        print(f"audiocontract report: {exc}", file=sys.stderr)
        return 2
    folder = args.report_json.parent
    write_atomic(folder / "report.md", render_markdown(data))
    write_atomic(folder / "report.html", render_html(data))
    print(f"wrote {folder / 'report.md'} and {folder / 'report.html'}")
    return 0
