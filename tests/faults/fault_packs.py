"""Small broken packs, one per fault of issue 12, written into a tmp folder for a test to run.

Each answers `embed` (dim 4) unless its fault is in the claims file itself. `write_pack`
writes any claims text and adapter body; the named writers below build the faulty ones.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

EMBED_CLAIMS = """\
id: {pack_id}
name: {pack_id} (fault test pack)
adapter: adapter:load
runtime: numpy
devices: [cpu]
ci: true
surfaces:
  embed:
    dim: 4
"""

_HEADER = """\
import ctypes
import os

import numpy as np

from pytest_audiocontract import Embedding


def load(variant, device):
    return Model()


class Model:
    def embed(self, audio, sr):
"""

HEALTHY = "return Embedding(vector=np.full(4, 0.5, dtype=np.float32))"

BODIES = {
    "healthy": HEALTHY,
    # What a model that "exits cleanly" from inside a C extension or a bad wrapper does.
    "exits": "os._exit(0)",
    # Raises on short inputs only (under 0.1 s at 16 kHz), like a model with a minimum length.
    "raises_on_short": """\
if audio.size < 1600:
    raise ValueError(f"input too short: {audio.size} samples")
return Embedding(vector=np.full(4, 0.5, dtype=np.float32))""",
    # Reads address 0: SIGSEGV (only ever run under xdist or --isolate).
    "segfaults": "ctypes.string_at(0)",
}


def write_pack(parent: Path, folder: str, claims: str, body: str = HEALTHY) -> Path:
    """Write `parent/<folder>/` with this claims.yaml text and an embed adapter running `body`."""
    root = parent / folder
    root.mkdir(parents=True, exist_ok=True)
    (root / "claims.yaml").write_text(claims, encoding="utf-8")
    (root / "adapter.py").write_text(_HEADER + textwrap.indent(body, " " * 8) + "\n", encoding="utf-8")
    return root


def write_behaving_pack(parent: Path, behaviour: str, pack_id: str | None = None) -> Path:
    """An embed pack whose embed() does BODIES[behaviour]."""
    name = pack_id or behaviour
    return write_pack(parent, name, EMBED_CLAIMS.format(pack_id=name), BODIES[behaviour])
