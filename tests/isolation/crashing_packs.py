"""Packs that crash their process in each way a real runtime can, written into a tmp folder.

Each answers `embed` (4 rules, dim 4). Run any of them without --isolate and it takes the test
process down with it: these are only ever run by the isolation tests, under --isolate.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

_CLAIMS = """\
id: {pack_id}
name: {pack_id} (isolation test pack)
adapter: adapter:load
runtime: numpy
devices: [cpu]
ci: true
surfaces:
  embed:
    dim: 4
"""

_HEADER = """
import ctypes
import os
import time
from pathlib import Path

import numpy as np

from pytest_audiocontract import Embedding

def load(variant, device):
    return Model()

class Model:
"""

BODIES = {
    # Reads address 0: SIGSEGV.
    "segfaults": "ctypes.string_at(0)",
    # What a failed C assert does: SIGABRT.
    "aborts": "os.abort()",
    # Never returns.
    "hangs": "time.sleep(1e6)",
    # 64 MB at a time, written, never released.
    "hoards": "hoard = [np.ones(2**23) for _ in iter(int, 1)]",
    # Crashes on the first call of the whole run, then answers like a healthy model: the
    # worker restarted after the crash serves the pack's remaining tests.
    "crashes_once": """\
mark = Path(__file__).with_name("crashed")
if not mark.exists():
    mark.touch()
    ctypes.string_at(0)
return Embedding(vector=np.full(4, 0.5, dtype=np.float32))""",
}


def write_crashing_pack(parent: Path, behaviour: str) -> Path:
    """Write `parent/<behaviour>/` (claims.yaml and adapter.py); return the folder."""
    root = parent / behaviour
    root.mkdir(parents=True, exist_ok=True)
    (root / "claims.yaml").write_text(_CLAIMS.format(pack_id=behaviour), encoding="utf-8")
    body = textwrap.indent(BODIES[behaviour], " " * 8)
    source = f"{_HEADER}    def embed(self, audio, sr):\n{body}\n"
    (root / "adapter.py").write_text(textwrap.dedent(source), encoding="utf-8")
    return root
