"""htdemucs_6s through the demucs package: the demucs pack's separator with six stems.

The code is `model_packs/demucs/adapter.py` (loaded from the sibling folder, so both packs
run the same calls: `get_model("htdemucs_6s", repo=DIR)` and `apply_model`); this pack adds
only its stems and its weights folder.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.packs.weights import weights_dir

STEMS = ("drums", "bass", "other", "vocals", "guitar", "piano")
DEMUCS_ADAPTER = Path(__file__).resolve().parents[1] / "demucs" / "adapter.py"


def _demucs_adapter() -> ModuleType:
    name = f"{__name__}_demucs"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, DEMUCS_ADAPTER)
    if spec is None or spec.loader is None or not DEMUCS_ADAPTER.is_file():
        raise MissingRequirement(
            f"the demucs_6s pack runs the demucs pack's adapter: {DEMUCS_ADAPTER} is missing"
        )
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def load(variant: str = "random", device: str = "cpu", *, model_dir: str | None = None) -> Any:
    """Load htdemucs_6s of `variant` on `device`; `model_dir` overrides the variant's folder."""
    path = Path(model_dir) if model_dir else weights_dir(__file__, variant)
    return _demucs_adapter().load_bag(path, "htdemucs_6s", device, STEMS)
