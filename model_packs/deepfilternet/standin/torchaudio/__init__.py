"""A stand-in for the few names of torchaudio that `df` (DeepFilterNet 0.5.6) imports.

torchaudio's wheels are built against one torch release each; none matches the CPU torch
2.13.0 used here, so `import torchaudio` fails and, with it, `import df.enhance` (df.io imports
torchaudio at module level). The enhancement path (`init_df`, `enhance`) calls none of
torchaudio's code: only df.io's file and resampling helpers do, and the pack does its own
resampling. So this package provides the names df imports, and every function raises.
model_packs/deepfilternet/dfimport.py makes it importable only while df imports, and only
when a real torchaudio cannot be imported; df keeps it, nothing else sees it.
"""

from __future__ import annotations

from typing import Any, NoReturn

STANDIN = True  # what the pack's tests check: this is not torchaudio


def _unavailable(name: str) -> NoReturn:
    raise NotImplementedError(
        f"torchaudio.{name} is not available: this is the deepfilternet pack's torchaudio "
        f"stand-in (model_packs/deepfilternet/standin), which only lets `df` import"
    )


def load(*args: Any, **kwargs: Any) -> NoReturn:
    """Not available (df.io.load_audio calls it; the pack never does)."""
    _unavailable("load")


def save(*args: Any, **kwargs: Any) -> NoReturn:
    """Not available (df.io.save_audio calls it; the pack never does)."""
    _unavailable("save")


def info(*args: Any, **kwargs: Any) -> NoReturn:
    """Not available (df.io.load_audio calls it; the pack never does)."""
    _unavailable("info")
