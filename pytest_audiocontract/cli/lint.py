"""`audiocontract lint-claims`: figures in packs' docs that claims.yaml does not declare."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from pytest_audiocontract.cli.pack_paths import add_pack_paths

if TYPE_CHECKING:
    from pytest_audiocontract.cli import SubParsers


def add_lint_parser(sub: SubParsers) -> None:
    lint = sub.add_parser(
        "lint-claims",
        help="figures in packs' README/docs that claims.yaml does not declare (the claim-leak gate)",
    )
    add_pack_paths(lint, "pack folders or folders of packs (default: model_packs)")
    lint.set_defaults(handler=_lint_claims)


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
