"""`audiocontract replay`: re-run a saved contract failure on its input."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pytest_audiocontract.cli import SubParsers


def add_replay_parser(sub: SubParsers) -> None:
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


def _replay(args: argparse.Namespace) -> int:
    from pytest_audiocontract.contracts.replay import replay

    return replay(args.bundle, args.pack, args.pack_path, fresh=args.fresh)
