"""Measure the figures that claims.yaml declares, the way the claims state them.

Run from the repository root: `python model_packs/voicefilter_lite/measure.py [--runs 3]`.
RTF is the median over `--runs` timed runs after one warm-up, on synthetic 16 kHz inputs of
2, 5 and 10 s. SDR improvement is over fixtures/mixtures (pytest_audiocontract.metrics), once
with the input's own first seconds as enrolment (what `separate(audio, sr)` does) and once
with each item's `enrolment` clip. The same-speaker margin is over fixtures/speaker_pairs:
mean cosine of the `same: true` pairs minus that of the `same: false` pairs.
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
SR = 16000

# Runs from a checkout without installing the plugin.
sys.path.insert(0, str(ROOT))


def _adapter() -> ModuleType:
    spec = importlib.util.spec_from_file_location("voicefilter_lite_adapter", PACK / "adapter.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read(path: Path) -> np.ndarray:
    audio, sr = sf.read(path, dtype="float32")
    assert sr == SR, f"{path} is at {sr} Hz; this script reads 16 kHz fixtures"
    return np.asarray(audio, dtype=np.float32)


def rtf(method: object, runs: int) -> float:
    rng = np.random.default_rng(0)
    ratios = []
    for seconds in (2.0, 5.0, 10.0):
        t = np.arange(int(seconds * SR)) / SR
        voice = np.sin(2 * np.pi * 140 * t) * (1 + np.sin(2 * np.pi * 3 * t))
        audio = (0.2 * voice + 0.02 * rng.standard_normal(t.size)).astype(np.float32)
        method(audio, SR)  # type: ignore[operator]
        for _ in range(runs):
            start = time.perf_counter()
            method(audio, SR)  # type: ignore[operator]
            ratios.append((time.perf_counter() - start) / seconds)
    return statistics.median(ratios)


def sdr_improvement(model: object, use_enrolment: bool) -> float:
    from pytest_audiocontract.metrics.registry import compute

    root = ROOT / "fixtures" / "mixtures"
    manifest = yaml.safe_load((root / "manifest.yaml").read_text())
    refs, outputs, inputs = [], [], []
    for item in manifest["items"]:
        mixture = _read(root / item["file"])
        sources = {name: _read(root / file) for name, file in item["sources"].items()}
        enrolment = (_read(root / item["enrolment"]), SR) if use_enrolment else None
        outputs.append(model.separate(mixture, SR, enrolment=enrolment))  # type: ignore[attr-defined]
        refs.append(sources)
        inputs.append((mixture, SR))
    return compute("sdr_improvement_db", refs, outputs, inputs)


def pair_margin(model: object) -> dict[str, float]:
    from pytest_audiocontract.metrics.embedding import cosine_similarity

    root = ROOT / "fixtures" / "speaker_pairs"
    manifest = yaml.safe_load((root / "manifest.yaml").read_text())
    same: list[float] = []
    different: list[float] = []
    for item in manifest["items"]:
        a = model.embed(_read(root / item["a"]), SR).vector  # type: ignore[attr-defined]
        b = model.embed(_read(root / item["b"]), SR).vector  # type: ignore[attr-defined]
        cosine = cosine_similarity(a, b)
        print(f"  {item['id']} same={item['same']}: cosine {cosine:.3f}")
        (same if item["same"] else different).append(cosine)
    return {
        "same_speaker_cosine": float(np.mean(same)),
        "different_speaker_cosine": float(np.mean(different)),
        "embedding_same_speaker_margin": float(np.mean(same) - np.mean(different)),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    model = _adapter().load("default", "cpu")
    for surface in ("separate", "embed"):
        value = rtf(getattr(model, surface), args.runs)
        print(f"rtf {surface} (median of {args.runs} runs x 3 lengths): {value:.4f}")
    if (ROOT / "fixtures" / "mixtures" / "manifest.yaml").exists():
        for use in (False, True):
            how = "item enrolment clip" if use else "first seconds of the input"
            print(f"sdr_improvement_db ({how}): {sdr_improvement(model, use):.3f}")
    if (ROOT / "fixtures" / "speaker_pairs" / "manifest.yaml").exists():
        for name, value in pair_margin(model).items():
            print(f"{name}: {value:.3f}")


if __name__ == "__main__":
    main()
