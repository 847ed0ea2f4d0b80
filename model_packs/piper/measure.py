"""Measure the figures that claims.yaml declares, the way the claims state them.

Run from the repository root: `python model_packs/piper/measure.py [--runs 5] [--skip-wer]`.
RTF is synthesis time / duration of the audio made, over three sentences (about 1, 3 and 8 s
of speech), the median of `--runs` timed runs after one warm-up. WER is the round trip: Piper
speaks every text of fixtures/speech_en, the faster_whisper pack (tiny_en, its defaults)
transcribes it, and the plugin's corpus WER compares the two.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType

PACK = Path(__file__).resolve().parent
ROOT = PACK.parent.parent
sys.path.insert(0, str(ROOT))  # runs from a checkout without installing the plugin

RTF_TEXTS = [
    "Good morning.",
    "The quick brown fox jumps over the lazy dog, twice.",
    "Speech synthesis turns written text into sound. This sentence is long enough to take "
    "several seconds, so the timing covers more than the start-up of one call.",
]


def module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # dataclasses in the module look themselves up here
    spec.loader.exec_module(mod)
    return mod


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
    print(f"rtf runs: {', '.join(f'{r:.4f}' for r in ratios)}")
    return statistics.median(ratios)


def round_trip_wer(model: object) -> float:
    """Corpus WER of faster_whisper tiny_en transcribing Piper's speech of speech_en's texts."""
    from pytest_audiocontract.datasets import load_dataset
    from pytest_audiocontract.metrics.text import wer

    whisper = module(ROOT / "model_packs/faster_whisper/adapter.py", "fw_adapter")
    asr = whisper.load("tiny_en", "cpu")
    references, hypotheses = [], []
    for item in load_dataset("speech_en"):
        assert item.text is not None
        speech = model.synthesize(item.text)  # type: ignore[attr-defined]
        heard = asr.transcribe(speech.audio, speech.sr).text
        print(f"  {item.id}: {item.text!r} -> {heard!r}")
        references.append(item.text)
        hypotheses.append(heard)
    return wer(references, hypotheses)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-wer", action="store_true")
    args = parser.parse_args()
    model = module(PACK / "adapter.py", "piper_adapter").load("default", "cpu")
    print(f"rtf (median of {args.runs}): {rtf(model, args.runs):.4f}")
    if not args.skip_wer:
        print(f"wer via faster_whisper tiny_en on speech_en: {round_trip_wer(model):.4f}")


if __name__ == "__main__":
    main()
