"""Symlinked folders that lead back to a folder above them, which a recursive walk never leaves."""

from __future__ import annotations

import os
from pathlib import Path


def is_symlink_loop(path: Path) -> bool:
    """Whether `path` is a symlink to a folder that also lies on its own path (resolved), so
    walking into it would visit that folder again, and again."""
    if not path.is_symlink():
        return False
    try:
        target = Path(os.path.realpath(path))
        return target.is_dir() and any(Path(os.path.realpath(p)) == target for p in path.parents)
    except (OSError, RuntimeError):
        return True  # a link that cannot be resolved (ELOOP): not a folder to walk
