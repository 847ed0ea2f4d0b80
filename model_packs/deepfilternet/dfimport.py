"""Import DeepFilterNet's `df` package, with a torchaudio stand-in where torchaudio fails.

`df.io` imports torchaudio at module level, and `df.enhance` imports `df.io`. torchaudio's
wheels match one torch release each and none matches the local CPU torch 2.13.0, so without
help `import df.enhance` fails. When a real torchaudio imports, it is used; otherwise the
stand-in in standin/torchaudio (the few names df imports, every function raising) is put on
sys.path for this import only. The builder (builders/deepfilternet.py) imports df through
this module too.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

STANDIN = Path(__file__).resolve().parent / "standin"


def _drop_torchaudio() -> None:
    for name in [m for m in sys.modules if m == "torchaudio" or m.startswith("torchaudio.")]:
        del sys.modules[name]


def ensure_torchaudio() -> ModuleType:
    """The torchaudio module df will see: the real one if it imports, else the stand-in."""
    try:
        import torchaudio
    except (ImportError, OSError, RuntimeError):
        # A wheel built for another torch fails in its C extension (OSError or ImportError).
        _drop_torchaudio()
        sys.path.insert(0, str(STANDIN))
        try:
            import torchaudio
        finally:
            sys.path.remove(str(STANDIN))
    return torchaudio


def import_df() -> ModuleType:
    """`df.enhance` (init_df, enhance), importable beside the local torch."""
    ensure_torchaudio()
    # Not `df.enhance`: df/__init__.py binds that name to the function.
    return importlib.import_module("df.enhance")


def uses_standin() -> bool:
    """Whether the torchaudio that df imported is the stand-in."""
    module = sys.modules.get("torchaudio")
    return bool(module is not None and getattr(module, "STANDIN", False))
