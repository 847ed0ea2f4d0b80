"""The PATHS argument of the commands that read packs without running them."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_pack_paths(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument("paths", nargs="*", type=Path, default=[Path("model_packs")], help=help)
