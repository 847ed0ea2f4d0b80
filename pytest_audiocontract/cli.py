"""The `audiocontract` command: the selector, claims validation, and failure replay.

Running contracts, benchmarks and claims is pytest's job (`pytest --model-pack ...`); these
subcommands cover what happens outside a test run.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from pytest_audiocontract.options import add_selection_options, selection_filter
from pytest_audiocontract.results.record_comparison import add_into_option

if TYPE_CHECKING:
    # What add_subparsers() returns: argparse gives its class no public name.
    SubParsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    new_runs: list[str] | None = None
    if (
        words[:1] in (["compare"], ["ray"], ["main"]) and "--" in words
    ):  # OLD... -- NEW... (argparse drops the "--")
        split = words.index("--")
        words, new_runs = words[:split], words[split + 1 :]
    args = parser.parse_args(words)
    args.new_runs = new_runs
    try:
        code: int = args.handler(args)
        return code
    except KeyboardInterrupt:
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="audiocontract", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    listing = sub.add_parser("list", help="list packs, filtered like pytest's selection options")
    add_selection_options(listing.add_argument)
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(handler=_list)

    validate = sub.add_parser("validate", help="check packs' claims.yaml without running them")
    _add_pack_paths(validate, "pack folders, claims.yaml files, or folders of packs")
    validate.set_defaults(handler=_validate)

    replay = sub.add_parser("replay", help="re-run a saved contract failure on its input")
    replay.add_argument("bundle", type=Path, help="the .json written beside the failing WAV")
    replay.add_argument(
        "--pack",
        metavar="ID_OR_FOLDER",
        help="the pack to replay on (default: the recorded folder, if it is a pack in "
        "model_packs/ or --pack-path); a replay file alone never chooses which code runs",
    )
    replay.add_argument("--pack-path", action="append", default=[], type=Path, help="more folders of packs")
    replay.add_argument(
        "--fresh", action="store_true", help="skip the run's earlier calls (a model without state)"
    )
    replay.set_defaults(handler=_replay)

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

    lint = sub.add_parser(
        "lint-claims",
        help="figures in packs' README/docs that claims.yaml does not declare (the claim-leak gate)",
    )
    _add_pack_paths(lint, "pack folders or folders of packs (default: model_packs)")
    lint.set_defaults(handler=_lint_claims)

    report = sub.add_parser("report", help="re-render report.md and report.html from a report.json")
    report.add_argument("report_json", type=Path)
    report.set_defaults(handler=_report)

    from pytest_audiocontract.ab.command import add_ab_parser
    from pytest_audiocontract.bench.sweep import add_sweep_parser

    add_ab_parser(sub)
    from pytest_audiocontract.pipelines.command import add_pipeline_parser

    add_sweep_parser(sub)
    from pytest_audiocontract.isolation.merge import add_merge_parser

    add_merge_parser(sub)
    from pytest_audiocontract.run_cli import add_run_parser

    add_run_parser(sub)
    add_pipeline_parser(sub)
    from pytest_audiocontract.scale.matrix import add_matrix_parser

    add_matrix_parser(sub)
    from pytest_audiocontract.main_job import add_main_parser

    add_main_parser(sub)
    ray = sub.add_parser(
        "ray",
        help="run the selected packs on a Ray cluster, one task per pack (pytest --audiocontract-ray)",
        usage="audiocontract ray ADDRESS [-- PYTEST_ARGS...]",
    )
    ray.add_argument("address", help="the head node's HOST:PORT (or auto)")
    ray.set_defaults(handler=_ray)
    return parser


def _add_pack_paths(parser: argparse.ArgumentParser, help: str) -> None:
    """The PATHS argument of the commands that read packs without running them."""
    parser.add_argument("paths", nargs="*", type=Path, default=[Path("model_packs")], help=help)


def _ray(args: argparse.Namespace) -> int:
    import pytest

    return int(pytest.main(["--audiocontract-ray", args.address, *(args.new_runs or [])]))


def _search_roots(args: argparse.Namespace) -> list[Path]:
    return [Path("model_packs"), *map(Path, args.pack_path)]


def _list(args: argparse.Namespace) -> int:
    from pytest_audiocontract.packs.listing import pack_rows, render_table

    rows = pack_rows(_search_roots(args), selection_filter(args, runnable_only=args.ci_only))
    print(json.dumps(rows, indent=2) if args.json else render_table(rows))
    return 0


def _validate(args: argparse.Namespace) -> int:
    from pytest_audiocontract.claims.pack_files import pack_file_problems
    from pytest_audiocontract.packs.discovery import discover

    roots = [p.parent if p.name == "claims.yaml" else p for p in args.paths]
    missing = [r for r in roots if not r.exists()]
    for root in missing:
        print(f"{root}: no such file or folder", file=sys.stderr)
    found = discover(r for r in roots if r.exists())
    if not found and not missing:
        print(f"no claims.yaml in {', '.join(map(str, roots))}", file=sys.stderr)
        return 2
    failed = bool(missing)
    for pack in found:
        problems = pack.error.problems if pack.error else []
        if pack.spec is not None:
            problems = pack_file_problems(pack.spec, Path.cwd())
        if not problems:
            print(f"ok       {pack.id}  ({pack.root / 'claims.yaml'})")
        else:
            failed = True
            print(f"invalid  {pack.root / 'claims.yaml'}")
            for problem in problems:
                print(f"  {problem}")
    return 1 if failed else 0


def _replay(args: argparse.Namespace) -> int:
    from pytest_audiocontract.replay import replay

    return replay(args.bundle, args.pack, args.pack_path, fresh=args.fresh)


def _compare(args: argparse.Namespace) -> int:
    from pytest_audiocontract.results.compare import Options
    from pytest_audiocontract.results.compare_text import run_compare

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


def _lint_claims(args: argparse.Namespace) -> int:
    from pytest_audiocontract.lint_claims import lint

    roots, leaks = lint(args.paths)
    if not roots:
        print(f"no pack (claims.yaml) in {', '.join(map(str, args.paths))}", file=sys.stderr)
        return 2
    for leak in leaks:
        print(leak)
    print(f"{len(leaks)} undeclared figure(s) in {len(roots)} pack(s)")
    return 1 if leaks else 0


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


if __name__ == "__main__":
    raise SystemExit(main())
