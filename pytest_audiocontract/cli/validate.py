"""`audiocontract validate`: check packs' claims.yaml without running them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pytest_audiocontract.cli.pack_paths import add_pack_paths

if TYPE_CHECKING:
    from pytest_audiocontract.cli import SubParsers


def add_validate_parser(sub: SubParsers) -> None:
    validate = sub.add_parser("validate", help="check packs' claims.yaml without running them")
    add_pack_paths(validate, "pack folders, claims.yaml files, or folders of packs")
    validate.set_defaults(handler=_validate)


def _validate(args: argparse.Namespace) -> int:
    from pytest_audiocontract.packs.discovery import discover
    from pytest_audiocontract.spec.pack_files import pack_file_problems

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
