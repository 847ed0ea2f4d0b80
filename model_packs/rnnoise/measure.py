"""Measure the figures that claims.yaml declares, the way the claims state them.

Run from the repository root: `python model_packs/rnnoise/measure.py [--runs 5]`.
RTF is the median over `--runs` timed runs after one warm-up, on synthetic 16 kHz inputs of
2, 5 and 10 s; the quality figures are means over fixtures/noisy_speech (when it exists).
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
    spec = importlib.util.spec_from_file_location("rnnoise_adapter", PACK / "adapter.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rtf(model: object, runs: int) -> float:
    """Median processing time / audio duration over synthetic inputs of 2, 5 and 10 s."""
    rng = np.random.default_rng(0)
    ratios = []
    for seconds in (2.0, 5.0, 10.0):
        t = np.arange(int(seconds * SR)) / SR
        audio = (0.3 * np.sin(2 * np.pi * 220 * t) + 0.05 * rng.standard_normal(t.size))
        audio = audio.astype(np.float32)
        model.enhance(audio, SR)  # type: ignore[attr-defined]
        for _ in range(runs):
            start = time.perf_counter()
            model.enhance(audio, SR)  # type: ignore[attr-defined]
            ratios.append((time.perf_counter() - start) / seconds)
    return statistics.median(ratios)


def quality(model: object) -> dict[str, float]:
    """SI-SNR improvement (dB), PESQ and STOI over noisy_speech, as the claims compute them."""
    from pytest_audiocontract.metrics.registry import compute
    from pytest_audiocontract.metrics.signal import si_snr_improvement

    root = ROOT / "fixtures" / "noisy_speech"
    manifest = yaml.safe_load((root / "manifest.yaml").read_text())
    cleans, outputs, inputs = [], [], []
    for item in manifest["items"]:
        noisy, sr = sf.read(root / item["file"], dtype="float32")
        clean, _ = sf.read(root / item["clean"], dtype="float32")
        enhanced = model.enhance(noisy, sr)  # type: ignore[attr-defined]
        gain = si_snr_improvement(clean, noisy, enhanced.audio)
        print(f"  {item['id']} ({item['noise']}, {item['snr_db']} dB): SI-SNR +{gain:.2f} dB")
        cleans.append(clean)
        outputs.append(enhanced)
        inputs.append((noisy, sr))
    return {
        name: compute(name, cleans, outputs, inputs)
        for name in ("si_snr_improvement_db", "pesq", "stoi")
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    model = _adapter().load("default", "cpu")
    print(f"rtf (median of {args.runs} runs x 3 lengths): {rtf(model, args.runs):.4f}")
    if (ROOT / "fixtures" / "noisy_speech" / "manifest.yaml").exists():
        for name, value in quality(model).items():
            print(f"{name}: {value:.3f}")
    else:
        print("fixtures/noisy_speech is missing: python fixtures/build.py noisy_speech")


if __name__ == "__main__":
    main()
