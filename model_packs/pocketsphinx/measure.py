"""Measure the figures that claims.yaml declares, the way the claims state them.

Run from the repository root: `python model_packs/pocketsphinx/measure.py [--runs 5]
[--fixtures DIR]`. WER is the corpus WER over fixtures/speech_en for `transcribe` and for a
stream driven in 160 ms chunks; vad_f1 is the frame F1 over fixtures/vad; RTF is the median
over `--runs` timed runs after one warm-up on synthetic 16 kHz inputs of 2, 5 and 10 s.
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
    args = parser.parse_args()
    from pytest_audiocontract.datasets import load_dataset
    from pytest_audiocontract.metrics.events import vad_scores
    from pytest_audiocontract.metrics.text import wer
    from pytest_audiocontract.streaming.driver import drive_stream

    model = pack_module().load("en_us", "cpu")
    data = load_dataset(Path(args.fixtures) / "speech_en")
    refs, hyps, streamed, speech = [], [], [], []
    for item in data:
        assert item.file is not None and item.text is not None
        audio, sr = data.audio(item.file)
        refs.append(item.text)
        hyps.append(model.transcribe(audio, sr).text)
        streamed.append(drive_stream(model, audio, sr, chunk_ms=160).transcript.text)
        speech.append((audio, sr))
        print(f"{item.id}: {hyps[-1]!r} / stream {streamed[-1]!r}  (reference {item.text!r})")
    print(f"wer speech_en asr: {wer(refs, hyps):.3f}  asr_stream: {wer(refs, streamed):.3f}")
    vad = load_dataset(Path(args.fixtures) / "vad")
    ref_regions, est_regions, durations = [], [], []
    for item in vad:
        assert item.file is not None and item.regions is not None
        audio, sr = vad.audio(item.file)
        ref_regions.append(item.regions)
        est_regions.append(model.detect_speech(audio, sr).regions)
        durations.append(audio.size / sr)
    precision, recall, f1 = vad_scores(ref_regions, est_regions, durations)
    print(f"vad precision {precision:.3f} recall {recall:.3f} f1 {f1:.3f}")
    synth = [(synthetic(s), SR) for s in (2.0, 5.0, 10.0)]
    print(f"rtf asr synthetic 2/5/10 s: {median_rtf(model.transcribe, synth, args.runs):.3f}")
    print(f"rtf asr speech_en items: {median_rtf(model.transcribe, speech, 1):.3f}")
    print(f"rtf vad synthetic: {median_rtf(model.detect_speech, synth, args.runs):.4f}")

    def stream_call(audio: np.ndarray, sr: int) -> None:
        drive_stream(model, audio, sr, chunk_ms=160)

    print(f"rtf asr_stream synthetic: {median_rtf(stream_call, synth, args.runs):.3f}")
    print(f"rtf asr_stream speech_en: {median_rtf(stream_call, speech, 1):.3f}")


if __name__ == "__main__":
    main()
