"""Import a real pack's adapter module the way the plugin does (packs.loading)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

from pytest_audiocontract.claims import load_pack_spec
from pytest_audiocontract.packs.loading import import_factory

PACKS = Path(__file__).resolve().parents[2] / "model_packs"


def adapter_module(pack_id: str) -> ModuleType:
    factory = import_factory(load_pack_spec(PACKS / pack_id))
    return sys.modules[factory.__module__]
