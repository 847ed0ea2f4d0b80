"""Enhance packs that do a fixed amount of numpy work per call: WORK FFT round trips."""

from __future__ import annotations

from pathlib import Path

ADAPTER = """
import numpy as np
from pytest_audiocontract import Enhanced

WORK = {work}

class Model:
    def enhance(self, audio, sr):
        out = np.asarray(audio, dtype=np.float32)
        for _ in range(WORK):
            out = np.fft.irfft(np.fft.rfft(out), n=out.size).astype(np.float32)
        return Enhanced(out, sr)

def load(variant, device):
    return Model()
"""

CLAIMS = """id: {pack_id}
name: Fixed work per call (test pack)
adapter: adapter:load
runtime: numpy
devices: [cpu]
ci: true
surfaces:
  enhance: {{}}
"""


def write_work_pack(parent: Path, folder: str, work: int, pack_id: str = "work") -> Path:
    pack = parent / folder
    pack.mkdir(parents=True)
    (pack / "claims.yaml").write_text(CLAIMS.format(pack_id=pack_id))
    (pack / "adapter.py").write_text(ADAPTER.format(work=work))
    return pack
