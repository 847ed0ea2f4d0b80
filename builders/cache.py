"""The checkpoint cache: build once into ~/.cache/audiocontract/random/<name>, reuse after.

A checkpoint counts as built when its folder holds `BUILT`, which records the builder's
version; the builder writes into a temporary sibling folder that is renamed into place only
when it finished, so an interrupted build never looks complete.
"""

from __future__ import annotations

import importlib
import shutil
import tempfile
from pathlib import Path

from builders.registry import BUILDERS
from pytest_audiocontract.packs.weights import random_cache_root as cache_root

MARKER = "BUILT"


def checkpoint(name: str, *, rebuild: bool = False) -> Path:
    """The folder of the random-weight checkpoint `name`, built now unless cached."""
    if name not in BUILDERS:
        raise ValueError(f"name={name!r}, but should be one of {', '.join(sorted(BUILDERS))}")
    spec = BUILDERS[name]
    out = cache_root() / name
    stamp = f"{spec.module} v{spec.version}\n"
    marker = out / MARKER
    if not rebuild and marker.is_file() and marker.read_text(encoding="utf-8") == stamp:
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=out.parent))
    try:
        module = importlib.import_module(f"builders.{spec.module}")
        module.build(tmp, name)
        (tmp / MARKER).write_text(stamp, encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        tmp.chmod(0o755)  # mkdtemp makes it private; the cache is shared by users of the host
        tmp.rename(out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    return out
