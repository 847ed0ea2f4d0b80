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

import importlib
import sys
from pathlib import Path
from types import ModuleType

STANDIN = Path(__file__).resolve().parent / "standin"
TARGET = "df.enhance"


def _torchaudio_modules() -> list[str]:
    return [m for m in sys.modules if m == "torchaudio" or m.startswith("torchaudio.")]


def _torchaudio_imports() -> bool:
    try:
        import torchaudio  # noqa: F401
    except (ImportError, OSError, RuntimeError):
        # A wheel built for another torch fails in its C extension; drop what it left behind.
        for name in _torchaudio_modules():
            del sys.modules[name]
        return False
    return True


def import_df() -> ModuleType:
    """`df.enhance` (init_df, enhance), importable beside the local torch."""
    if TARGET in sys.modules or _torchaudio_imports():
        # Not `df.enhance` as an attribute: df/__init__.py binds that name to the function.
        return importlib.import_module(TARGET)
    sys.path.insert(0, str(STANDIN))
    try:
        return importlib.import_module(TARGET)
    finally:
        sys.path.remove(str(STANDIN))
        for name in _torchaudio_modules():
            del sys.modules[name]


def uses_standin() -> bool:
    """Whether the torchaudio that df imported is the stand-in."""
    io = sys.modules.get("df.io")
    return bool(io is not None and getattr(io.ta, "STANDIN", False))
