"""Builders of small random-weight checkpoints with the real architectures of models whose
weights no package ships (issue 6).

Each builder module has `build(out_dir: Path) -> None`, which writes a checkpoint in the
layout that upstream publishes, so a pack's adapter loads it through the same code path as
real weights. `checkpoint(name)` builds once into the cache and reuses it afterwards:

    python -m builders moonshine        # prints the checkpoint folder

The heavy runtime of each builder (torch, transformers, demucs, ...) is imported inside that
builder's module only.
"""

from __future__ import annotations

from builders.cache import cache_root, checkpoint
from builders.registry import BUILDERS

__all__ = ["BUILDERS", "cache_root", "checkpoint"]
