"""`audiocontract compare`: what got better and worse between runs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pytest_audiocontract.results.record_comparison import add_into_option

if TYPE_CHECKING:
    from pytest_audiocontract.cli import SubParsers


def add_compare_parser(sub: SubParsers) -> None:
    compare = sub.add_parser(
        "compare",
        help="what got better and worse between runs (report.json or pytest-benchmark saves)",
        usage="audiocontract compare [options] OLD NEW | OLD1 OLD2 ... -- NEW1 NEW2 ...",
        description="Quality and memory figures compare exactly. Timing figures from one run per "
        "side are indicative only; give several runs per side (options first, then OLD... -- NEW...) "
        "for a verdict over runs, or use `audiocontract ab` for one interleaved session.",
    )
    compare.add_argument("runs", type=Path, nargs="+", metavar="RUN")
    compare.add_argument(
        "--threshold",
        action="append",
        default=[],
        metavar="[METRIC=]PCT",
        help="regression threshold in percent (default 10), for all metrics "
        "or one metric (rtf=20, wer=5, time_s=15); repeatable",
    )
    compare.add_argument(
        "--alpha",
        type=float,
        default=0.05,
        help="Mann-Whitney significance level over runs, with several runs per side (default 0.05)",
    )
    compare.add_argument(
        "--allow-different-devices",
        action="store_true",
        help="compare runs measured on different device fingerprints",
    )
    add_into_option(compare.add_argument, "changes")
    compare.set_defaults(handler=_compare)


def _compare(args: argparse.Namespace) -> int:
    from pytest_audiocontract.render.compare_text import run_compare
    from pytest_audiocontract.results.compare import Options

    if args.new_runs is not None:
        olds, news = list(args.runs), [Path(p) for p in args.new_runs]
    elif len(args.runs) == 2:
        olds, news = args.runs[:1], args.runs[1:]
    else:
        olds, news = [], []
    if not olds or not news:
        print(
            "audiocontract compare: give OLD NEW, or several runs per side as OLD1 OLD2 ... -- NEW1 NEW2 ... "
            "(options before the runs)",
            file=sys.stderr,
        )
        return 2

    options = Options(alpha=args.alpha)
    try:
        options.add_thresholds(args.threshold)
    except ValueError as exc:
        print(f"audiocontract compare: {exc}", file=sys.stderr)
        return 2
    code, text = run_compare(olds, news, options, args.allow_different_devices, into=args.into)
    print(text, file=sys.stderr if code == 2 else sys.stdout)
    return code
