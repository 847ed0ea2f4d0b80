"""`audiocontract list`: packs, filtered like pytest's selection options."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from pytest_audiocontract.options import add_selection_options, selection_filter

if TYPE_CHECKING:
    from pytest_audiocontract.cli import SubParsers


def add_list_parser(sub: SubParsers) -> None:
    listing = sub.add_parser("list", help="list packs, filtered like pytest's selection options")
    add_selection_options(listing.add_argument)
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(handler=_list)


def _search_roots(args: argparse.Namespace) -> list[Path]:
    return [Path("model_packs"), *map(Path, args.pack_path)]


def _list(args: argparse.Namespace) -> int:
    from pytest_audiocontract.packs.listing import pack_rows, render_table

    rows = pack_rows(_search_roots(args), selection_filter(args, runnable_only=args.ci_only))
    print(json.dumps(rows, indent=2) if args.json else render_table(rows))
    return 0
