"""Measure the figure that claims.yaml declares, the way the claim states it.

Run from the repository root: `python model_packs/voice2gender/measure.py [--runs 5]`.
RTF is the median over `--runs` timed runs after one warm-up, on synthetic 16 kHz
voice-like inputs (a 140 Hz pulse train with harmonics, in light noise) of 2, 5 and 10 s.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType

import numpy as np

PACK = Path(__file__).resolve().parent
ROOT = PACK.parent.parent
SR = 16000

# Runs from a checkout without installing the plugin.
sys.path.insert(0, str(ROOT))


def _adapter() -> ModuleType:
    spec = importlib.util.spec_from_file_location("voice2gender_adapter", PACK / "adapter.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rtf(model: object, runs: int) -> float:
    rng = np.random.default_rng(0)
    ratios = []
    for seconds in (2.0, 5.0, 10.0):
        t = np.arange(int(seconds * SR)) / SR
        voice = sum(np.sin(2 * np.pi * 140 * k * t) / k for k in range(1, 8))
        audio = (0.1 * voice + 0.01 * rng.standard_normal(t.size)).astype(np.float32)
        model.classify(audio, SR)  # type: ignore[attr-defined]
        for _ in range(runs):
            start = time.perf_counter()
            model.classify(audio, SR)  # type: ignore[attr-defined]
            ratios.append((time.perf_counter() - start) / seconds)
    return statistics.median(ratios)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    value = rtf(_adapter().load("default", "cpu"), args.runs)
    print(f"rtf classify (median of {args.runs} runs x 3 lengths): {value:.4f}")


if __name__ == "__main__":
    main()
