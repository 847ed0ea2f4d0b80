"""Measure the figures that claims.yaml declares, the way the claims state them.

Run from the repository root: `python model_packs/basic_pitch/measure.py [--runs 5]`.
RTF is the median over `--runs` timed runs after one warm-up, on synthetic 22.05 kHz harmonic
tone sequences of 2, 5 and 10 s; note F1 is onset-only (50 ms, 50 cents), pooled over
fixtures/melodies, computed by pytest_audiocontract.metrics.music.
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
SR = 22050

# Runs from a checkout without installing the plugin.
sys.path.insert(0, str(ROOT))


def _adapter() -> ModuleType:
    spec = importlib.util.spec_from_file_location("basic_pitch_adapter", PACK / "adapter.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def tone_sequence(seconds: float) -> np.ndarray:
    """Half-second harmonic tones stepping through a C major arpeggio, `seconds` long."""
    t = np.arange(int(0.5 * SR)) / SR
    tones = []
    for i in range(int(seconds / 0.5)):
        f0 = 261.63 * 2 ** ([0, 4, 7, 12][i % 4] / 12)
        tones.append(sum(np.sin(2 * np.pi * f0 * k * t) / k for k in (1, 2, 3)) * 0.2)
    return np.concatenate(tones).astype(np.float32)


def rtf(model: object, runs: int) -> float:
    ratios = []
    for seconds in (2.0, 5.0, 10.0):
        audio = tone_sequence(seconds)
        model.transcribe_notes(audio, SR)  # type: ignore[attr-defined]
        for _ in range(runs):
            start = time.perf_counter()
            model.transcribe_notes(audio, SR)  # type: ignore[attr-defined]
            ratios.append((time.perf_counter() - start) / seconds)
    return statistics.median(ratios)


def note_f1(model: object) -> dict[str, float]:
    from pytest_audiocontract import Note
    from pytest_audiocontract.metrics.music import evaluate

    root = ROOT / "fixtures" / "melodies"
    manifest = yaml.safe_load((root / "manifest.yaml").read_text())
    references, estimates = [], []
    for item in manifest["items"]:
        audio, sr = sf.read(root / item["file"], dtype="float32")
        references.append([Note(on, off, int(p), 1.0) for on, off, p in item["notes"]])
        estimates.append(model.transcribe_notes(audio, sr).notes)  # type: ignore[attr-defined]
    return {**evaluate(references, estimates), "items": float(len(references))}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--variant", default="onnx")
    args = parser.parse_args(argv)
    model = _adapter().load(args.variant, "cpu")
    print(f"rtf (median of {args.runs} runs x 3 lengths): {rtf(model, args.runs):.4f}")
    if (ROOT / "fixtures" / "melodies" / "manifest.yaml").exists():
        for name, value in note_f1(model).items():
            print(f"{name}: {value:.3f}")
    else:
        print("fixtures/melodies is missing: build it with python fixtures/build.py melodies")


if __name__ == "__main__":
    main()
