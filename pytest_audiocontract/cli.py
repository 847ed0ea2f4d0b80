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

from pytest_audiocontract.options import add_selection_options


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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
    validate.add_argument("paths", nargs="*", type=Path, default=[Path("model_packs")],
                          help="pack folders, claims.yaml files, or folders of packs")
    validate.set_defaults(handler=_validate)

    replay = sub.add_parser("replay", help="re-run a saved contract failure on its input")
    replay.add_argument("bundle", type=Path, help="the .json written beside the failing WAV")
    replay.set_defaults(handler=_replay)

    from pytest_audiocontract.pipelines.command import add_pipeline_parser
    from pytest_audiocontract.run_cli import add_run_parser

    add_run_parser(sub)
    add_pipeline_parser(sub)
    return parser


def _search_roots(args: argparse.Namespace) -> list[Path]:
    return [Path("model_packs"), *map(Path, args.pack_path)]


def _list(args: argparse.Namespace) -> int:
    from pytest_audiocontract.packs.listing import pack_rows, render_table
    from pytest_audiocontract.packs.selection import PackFilter

    pack_filter = PackFilter(tuple(args.surface), tuple(args.runtime), tuple(args.device),
                             args.ci_only, tuple(args.variant))
    rows = pack_rows(_search_roots(args), pack_filter)
    print(json.dumps(rows, indent=2) if args.json else render_table(rows))
    return 0


def _validate(args: argparse.Namespace) -> int:
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
        if pack.error is None:
            print(f"ok       {pack.id}  ({pack.root / 'claims.yaml'})")
        else:
            failed = True
            print(f"invalid  {pack.root / 'claims.yaml'}")
            for problem in pack.error.problems:
                print(f"  {problem}")
    return 1 if failed else 0


def _replay(args: argparse.Namespace) -> int:
    from pytest_audiocontract.replay import replay

    return replay(args.bundle)


if __name__ == "__main__":
    raise SystemExit(main())
