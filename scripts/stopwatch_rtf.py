"""Check a report's RTF with a plain stopwatch, outside pytest.

For each benchmark of a pack in a report.json, this loads the model, builds the same input
(pytest_audiocontract.bench.inputs), calls the adapter's methods directly with
time.perf_counter around each pass (one warm-up pass, then --rounds passes, median), and
checks that this RTF agrees with the report's within --tolerance (default 10%).

    python scripts/stopwatch_rtf.py reports/run1/report.json --pack reference_asr_stream

Exit 0 when every checked figure agrees, 1 when one does not, 2 on a usage problem.
Benchmarks faster than --min-seconds per pass (default 5 ms) are listed but not checked:
at that scale timer and scheduler noise exceed 10%.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from pytest_audiocontract.bench.inputs import BenchInput, bench_input
from pytest_audiocontract.bench.run import METHODS
from pytest_audiocontract.packs.discovery import discover
from pytest_audiocontract.packs.loading import load_model

ROOT = Path(__file__).resolve().parent.parent


def one_pass(model: Any, surface: str, data: BenchInput, chunk_ms: float) -> float:
    """Seconds of one pass over the input, by the stopwatch; returns seconds of audio (tts)."""
    if surface == "tts":
        return float(sum(np.asarray(s.audio).size / s.sr
                         for s in (model.synthesize(t) for t in data.texts)))
    for audio, sr in data.audio:
        if surface == "asr_stream":
            stream = model.start_stream(sr)
            step = max(1, round(sr * chunk_ms / 1000))
            for start in range(0, audio.size, step):
                stream.push_audio(audio[start:start + step])
            stream.flush()
            stream.finalize()
            stream.close()
        else:
            getattr(model, METHODS[surface])(audio, sr)
    return data.seconds


def stopwatch_rtf(model: Any, surface: str, data: BenchInput, chunk_ms: float,
                  rounds: int) -> float:
    one_pass(model, surface, data, chunk_ms)  # warm-up, as the benchmark does
    ratios = []
    for _ in range(rounds):
        start = time.perf_counter()
        audio_s = one_pass(model, surface, data, chunk_ms)
        ratios.append((time.perf_counter() - start) / audio_s)
    return float(statistics.median(ratios))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("report", type=Path, help="a report.json (--audiocontract-report)")
    parser.add_argument("--pack", action="append", required=True, help="pack id; repeatable")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--tolerance", type=float, default=0.10, help="relative (0.10 = 10%%)")
    parser.add_argument("--min-seconds", type=float, default=0.005)
    args = parser.parse_args(argv)

    report = json.loads(args.report.read_text(encoding="utf-8"))
    specs = {p.spec.id: p.spec for p in discover([ROOT / "model_packs"]) if p.spec}
    failed = checked = 0
    for pack in args.pack:
        if pack not in specs:
            print(f"{pack}: no such pack under {ROOT / 'model_packs'}", file=sys.stderr)
            return 2
        benches = [b for b in report.get("packs", {}).get(pack, {}).get("benchmarks", [])
                   if b.get("rtf")]
        if not benches:
            print(f"{pack}: the report has no benchmark with an RTF", file=sys.stderr)
            return 2
        spec = specs[pack]
        model = load_model(spec, spec.default_variant, "cpu")
        for b in benches:
            if b["stats_s"]["median"] < args.min_seconds:
                print(f"{pack} {b['surface']}/{b['input']}: {b['stats_s']['median']:.2g} s per "
                      f"pass, below --min-seconds; not checked")
                continue
            data = bench_input(spec, b["surface"], b["input"], ROOT)
            chunk_ms = float((b.get("streaming") or {}).get("unpaced", {}).get("chunk_ms", 160))
            measured = stopwatch_rtf(model, b["surface"], data, chunk_ms, args.rounds)
            off = abs(measured - b["rtf"]) / b["rtf"]
            ok = off <= args.tolerance
            checked += 1
            failed += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {pack} {b['surface']}/{b['input']}: report RTF "
                  f"{b['rtf']:.4g}, stopwatch RTF {measured:.4g} ({off:+.1%} apart, "
                  f"tolerance {args.tolerance:.0%})")
    print(f"{checked - failed}/{checked} figures agree")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
