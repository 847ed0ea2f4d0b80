"""Measure the figures that claims.yaml declares, the way the claims state them.

Run from the repository root: `python model_packs/whisper_streaming/measure.py [--runs 3]
[--fixtures DIR] [--chunk-ms 1000]`. Each speech_en item is driven through a stream with the
project's driver (160 ms pushes, as fast as possible, not paced): WER is the corpus WER of
the finalized texts; first_token_latency_ms (wall time from the first push to the first
event with text) and RTF are medians over the items and `--runs` runs after a warm-up.
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
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--fixtures", default=str(ROOT / "fixtures"))
    parser.add_argument("--chunk-ms", type=int, default=1000)
    args = parser.parse_args()
    from pytest_audiocontract.datasets import load_dataset
    from pytest_audiocontract.metrics.text import wer
    from pytest_audiocontract.streaming.driver import drive_stream

    model = pack_module().load("tiny_en", "cpu", chunk_ms=args.chunk_ms)
    data = load_dataset(Path(args.fixtures) / "speech_en")
    refs, hyps, latencies, rtfs = [], [], [], []
    for item in data:
        assert item.file is not None and item.text is not None
        audio, sr = data.audio(item.file)
        drive_stream(model, audio, sr)  # warm-up
        for _ in range(args.runs):
            result = drive_stream(model, audio, sr)
            if result.first_token_latency_ms is not None:
                latencies.append(result.first_token_latency_ms)
            if result.rtf is not None:
                rtfs.append(result.rtf)
        refs.append(item.text)
        hyps.append(result.transcript.text)
        print(f"{item.id}: {hyps[-1]!r}  (reference {item.text!r})")
    print(f"wer speech_en: {wer(refs, hyps):.3f}")
    print(f"first_token_latency_ms median {statistics.median(latencies):.0f} "
          f"max {max(latencies):.0f} ({len(latencies)} of {len(data) * args.runs} runs had text)")
    print(f"rtf speech_en median {statistics.median(rtfs):.3f} max {max(rtfs):.3f}")
    synth_rtfs = []
    for seconds in (2.0, 5.0, 10.0):
        audio = synthetic(seconds)
        drive_stream(model, audio, SR)
        synth_rtfs += [drive_stream(model, audio, SR).rtf or 0.0 for _ in range(args.runs)]
    print(f"rtf synthetic 2/5/10 s: median {statistics.median(synth_rtfs):.3f}")


if __name__ == "__main__":
    main()
