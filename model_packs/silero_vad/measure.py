"""Measure the figures that claims.yaml declares, the way the claims state them.

Run from the repository root: `python model_packs/silero_vad/measure.py [--variant onnx]
[--runs 5] [--fixtures DIR]`. vad_f1 is the frame F1 (10 ms frames, counts pooled) of the
project's metric over fixtures/vad; RTF is the median over `--runs` timed runs after one
warm-up, on synthetic 16 kHz inputs of 2, 5 and 10 s (a tone plus white noise).
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import time
import types
from pathlib import Path
from typing import Any

import numpy as np

PACK = Path(__file__).resolve().parent
ROOT = PACK.parent.parent
SR = 16000
sys.path.insert(0, str(ROOT))  # runs from a checkout without installing the plugin


def pack_module(name: str = "adapter") -> Any:
    """Import a module of this pack as the plugin does (a package, so relative imports work)."""
    package = f"_measure_{PACK.name}"
    if package not in sys.modules:
        module = types.ModuleType(package)
        module.__path__ = [str(PACK)]
        sys.modules[package] = module
    return importlib.import_module(f"{package}.{name}")


def synthetic(seconds: float, seed: int = 0) -> np.ndarray:
    t = np.arange(int(seconds * SR)) / SR
    noise = np.random.default_rng(seed).standard_normal(t.size)
    return (0.3 * np.sin(2 * np.pi * 220 * t) + 0.05 * noise).astype(np.float32)


def median_rtf(call: Any, signals: list[tuple[np.ndarray, int]], runs: int) -> float:
    ratios = []
    for audio, sr in signals:
        call(audio, sr)  # warm-up
        for _ in range(runs):
            start = time.perf_counter()
            call(audio, sr)
            ratios.append((time.perf_counter() - start) / (audio.size / sr))
    return statistics.median(ratios)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--fixtures", default=str(ROOT / "fixtures"))
    parser.add_argument("--variant", default="onnx")
    args = parser.parse_args()
    from pytest_audiocontract.datasets import load_dataset
    from pytest_audiocontract.metrics.events import vad_scores

    model = pack_module().load(args.variant, "cpu")
    data = load_dataset(Path(args.fixtures) / "vad")
    refs, ests, durations = [], [], []
    for item in data:
        assert item.file is not None and item.regions is not None
        audio, sr = data.audio(item.file)
        regions = model.detect_speech(audio, sr).regions
        refs.append(item.regions)
        ests.append(regions)
        durations.append(audio.size / sr)
        print(f"{item.id}: {[(round(s, 2), round(e, 2)) for s, e in regions]}  "
              f"(reference {item.regions})")
    precision, recall, f1 = vad_scores(refs, ests, durations)
    print(f"vad {args.variant}: precision {precision:.3f} recall {recall:.3f} f1 {f1:.3f}")
    synth = [(synthetic(s), SR) for s in (2.0, 5.0, 10.0)]
    print(f"rtf synthetic 2/5/10 s: {median_rtf(model.detect_speech, synth, args.runs):.4f}")


if __name__ == "__main__":
    main()
