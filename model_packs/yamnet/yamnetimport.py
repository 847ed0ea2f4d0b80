"""Import the torch-vggish-yamnet port, with a torchaudio stand-in where torchaudio fails.

The port's package `__init__` imports its input pipeline, which imports torchaudio.transforms.
torchaudio's wheels match one torch release each and none matches the local CPU torch 2.13.0
(the newest on PyPI, 2.11.0, is a CUDA build: `OSError: libc10_cuda.so: cannot open shared
object file`), so without help the port does not import. When a real torchaudio imports, the
port gets it. Otherwise the stand-in in standin/torchaudio is put on sys.path and in
sys.modules while the port imports, and both are restored afterwards: the port keeps its
references to the stand-in, and no other code sees it. The builder (builders/yamnet.py)
imports the port through this module too.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

from pytest_audiocontract.packs.standin import import_with_standin

STANDIN = Path(__file__).resolve().parent / "standin"
TARGET = "torch_vggish_yamnet.yamnet"


def import_yamnet() -> ModuleType:
    """`torch_vggish_yamnet.yamnet` (`yamnet()`, `WaveformToInput`; the class `YAMNet` is in its
    submodule `model`), importable beside the local torch."""
    return import_with_standin(TARGET, STANDIN)


def uses_standin() -> bool:
    """Whether the torchaudio that the port imported is the stand-in."""
    proc = sys.modules.get("torch_vggish_yamnet.input_proc")
    transforms = getattr(proc, "ta_trans", None)  # input_proc's torchaudio.transforms
    return bool(transforms is not None and Path(transforms.__file__).is_relative_to(STANDIN))
