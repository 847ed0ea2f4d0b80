"""Import DeepFilterNet's `df` package, with a torchaudio stand-in where torchaudio fails.

`df.io` imports torchaudio at module level, and `df.enhance` imports `df.io`. torchaudio's
wheels match one torch release each and none matches the local CPU torch 2.13.0, so without
help `import df.enhance` fails. When a real torchaudio imports, df gets it. Otherwise the
stand-in in standin/torchaudio (the few names df imports, every function raising) is put on
sys.path and in sys.modules while df imports, and both are restored afterwards: df keeps its
references to the stand-in, and no other code sees it. The builder
(builders/deepfilternet.py) imports df through this module too.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

from pytest_audiocontract.packs.standin import import_with_standin

STANDIN = Path(__file__).resolve().parent / "standin"
TARGET = "df.enhance"


def import_df() -> ModuleType:
    """`df.enhance` (init_df, enhance), importable beside the local torch."""
    return import_with_standin(TARGET, STANDIN)


def uses_standin() -> bool:
    """Whether the torchaudio that df imported is the stand-in."""
    io = sys.modules.get("df.io")
    return bool(io is not None and getattr(io.ta, "STANDIN", False))
