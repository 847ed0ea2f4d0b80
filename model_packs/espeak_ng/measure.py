"""Measure the figure that claims.yaml declares, the way the claim states it.

Run from the repository root: `python model_packs/espeak_ng/measure.py [--runs 5]`.
RTF is synthesis time (the espeak-ng process included) / duration of the audio made, over
three sentences (about 1, 3 and 8 s of speech), the median of `--runs` timed runs after one
warm-up, for each variant.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from pathlib import Path

PACK = Path(__file__).resolve().parent
sys.path.insert(0, str(PACK.parent.parent))  # runs from a checkout without installing the plugin

RTF_TEXTS = [
    "Good morning.",
    "The quick brown fox jumps over the lazy dog, twice.",
    "Speech synthesis turns written text into sound. This sentence is long enough to take "
    "several seconds, so the timing covers more than the start-up of one call.",
]


def rtf(model: object, runs: int) -> float:
    """Median over runs of (synthesis seconds / seconds of audio made) for RTF_TEXTS."""
    synthesize = model.synthesize  # type: ignore[attr-defined]
    for text in RTF_TEXTS:
        synthesize(text)  # warm-up
    ratios = []
    for _ in range(runs):
        spent = made = 0.0
        for text in RTF_TEXTS:
            start = time.perf_counter()
            speech = synthesize(text)
            spent += time.perf_counter() - start
            made += speech.audio.size / speech.sr
        ratios.append(spent / made)
    print(f"  runs: {', '.join(f'{r:.4f}' for r in ratios)}")
    return statistics.median(ratios)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    spec = importlib.util.spec_from_file_location("espeak_adapter", PACK / "adapter.py")
    assert spec and spec.loader
    adapter = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = adapter
    spec.loader.exec_module(adapter)
    for variant in ("en-us", "en-us_f3"):
        model = adapter.load(variant, "cpu")
        print(f"{variant}: rtf (median of {args.runs}): {rtf(model, args.runs):.4f}")


if __name__ == "__main__":
    main()
