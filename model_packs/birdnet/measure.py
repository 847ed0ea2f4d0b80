"""Measure the figures that claims.yaml declares, the way the claims state them.

Run from the repository root: `python model_packs/birdnet/measure.py [--runs 5]`.
RTF is the median over `--runs` timed runs after one warm-up, on synthetic 48 kHz inputs
(a swept tone in noise) of 3, 6 and 12 s; top-1 accuracy is over fixtures/events, computed by
pytest_audiocontract.metrics.registry, and each item's top label is printed.
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
import soundfile as sf
import yaml

PACK = Path(__file__).resolve().parent
ROOT = PACK.parent.parent
SR = 48000

# Runs from a checkout without installing the plugin.
sys.path.insert(0, str(ROOT))


def _adapter() -> ModuleType:
    spec = importlib.util.spec_from_file_location("birdnet_adapter", PACK / "adapter.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rtf(method: object, runs: int) -> float:
    rng = np.random.default_rng(0)
    ratios = []
    for seconds in (3.0, 6.0, 12.0):
        t = np.arange(int(seconds * SR)) / SR
        sweep = np.sin(2 * np.pi * np.cumsum(700 + 400 * np.sin(np.pi * t)) / SR)
        audio = (0.3 * sweep + 0.05 * rng.standard_normal(t.size)).astype(np.float32)
        method(audio, SR)  # type: ignore[operator]
        for _ in range(runs):
            start = time.perf_counter()
            method(audio, SR)  # type: ignore[operator]
            ratios.append((time.perf_counter() - start) / seconds)
    return statistics.median(ratios)


def top1(model: object) -> float:
    from pytest_audiocontract.metrics.registry import compute

    root = ROOT / "fixtures" / "events"
    manifest = yaml.safe_load((root / "manifest.yaml").read_text())
    refs, outputs, inputs = [], [], []
    for item in manifest["items"]:
        audio, sr = sf.read(root / item["file"], dtype="float32")
        result = model.classify(audio, sr, top_k=3)  # type: ignore[attr-defined]
        print(f"  {item['id']}: label={item['label']!r} got "
              + ", ".join(f"{label.name} {label.score:.3f}" for label in result.labels))
        refs.append(item["label"])
        outputs.append(result)
        inputs.append((audio, sr))
    return compute("top1_accuracy", refs, outputs, inputs)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    model = _adapter().load("default", "cpu")
    for surface in ("classify", "embed"):
        value = rtf(getattr(model, surface), args.runs)
        print(f"rtf {surface} (median of {args.runs} runs x 3 lengths): {value:.4f}")
    if (ROOT / "fixtures" / "events" / "manifest.yaml").exists():
        print(f"top1_accuracy: {top1(model):.3f}")
    else:
        print("fixtures/events is missing: build it with python fixtures/build.py events")


if __name__ == "__main__":
    main()
