"""Where the pack's weights come from: `real` reads a folder of upstream's files named by an
environment variable; `random` reads a random-weight checkpoint of the same architecture and
layout, which `python -m builders demucs` writes (see docs/random-weights.md)."""

from __future__ import annotations

import os
from pathlib import Path

from pytest_audiocontract.errors import MissingRequirement

REAL_ENV = "AUDIOCONTRACT_DEMUCS_DIR"
RANDOM_ENV = "AUDIOCONTRACT_DEMUCS_RANDOM_DIR"
UPSTREAM = (
    "htdemucs.yaml from the demucs package (demucs/remote/htdemucs.yaml) and its model file "
    "955717e8-8726e21a.th from https://dl.fbaipublicfiles.com/demucs/hybrid_transformer/"
)
# The files the adapter reads; upstream's folder has them all.
FILES = ("htdemucs.yaml",)  # and the .th file(s) it names
VARIANTS = ("random", "real")


def _random_default() -> Path:
    # The builders' cache (builders/cache.py), without importing the repo's builders package.
    root = os.environ.get("AUDIOCONTRACT_RANDOM_CACHE")
    base = Path(root) if root else Path.home() / ".cache" / "audiocontract" / "random"
    return base / "demucs"


def weights_dir(variant: str) -> Path:
    """The folder of `variant`'s weights; MissingRequirement when it lacks a file."""
    if variant not in VARIANTS:
        raise ValueError(f"variant={variant!r}, but should be one of {', '.join(VARIANTS)}")
    if variant == "real":
        value = os.environ.get(REAL_ENV, "")
        if not value:
            raise MissingRequirement(
                f"variant 'real' needs HTDemucs' weights, which no package ships "
                f"({REAL_ENV} is not set): download {UPSTREAM} and set {REAL_ENV} to that folder"
            )
        path = Path(value)
        how = f"download {UPSTREAM} into it"
    else:
        path = Path(os.environ.get(RANDOM_ENV) or _random_default())
        how = "build it: python -m builders demucs (from the repository root)"
    absent = [f for f in FILES if not (path / f).is_file()]
    if not absent and not any(path.glob("*.th")):
        absent = ["its model file (*.th)"]
    if absent:
        raise MissingRequirement(f"variant {variant!r}: {path} lacks {', '.join(absent)}: {how}")
    return path
