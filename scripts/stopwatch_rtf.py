"""Check the RTF that pytest's report gives against a plain stopwatch, outside pytest.

For each pack this alternates, --repeats times, two measurements of the same model on the
same inputs:

- the report: `pytest --model-pack=ID --benchmark-only --audiocontract-report DIR` in a child
  process, and the RTF its report.json gives for each benchmark;
- the stopwatch: a child process without pytest that loads the model, builds the same inputs
  (pytest_audiocontract.bench.inputs) and calls the adapter's methods directly with
  time.perf_counter around each pass (one warm-up pass, then --rounds passes, median).

It checks that the fastest repetition of each side agrees within --tolerance (default 10%),
and prints the medians over the repetitions beside them. Both sides start a fresh process
each time, and they alternate, so a change of load on a shared machine lands on both; noise
only ever adds time, so the fastest repetition is the closest to the model's own cost.

    python scripts/stopwatch_rtf.py --pack rnnoise --pack silero_vad --repeats 5

`--report FILE` checks one existing report.json against one stopwatch run instead.
Exit 0 when every checked figure agrees, 1 when one does not, 2 on a usage problem.
Benchmarks faster than --min-seconds per pass (default 5 ms) are listed but not checked:
at that scale timer and scheduler noise exceed 10%.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from pytest_audiocontract.bench.inputs import BenchInput, bench_input
from pytest_audiocontract.bench.run import METHODS
from pytest_audiocontract.packs.discovery import discover
from pytest_audiocontract.packs.loading import load_model
from pytest_audiocontract.spec.model import PackSpec

ROOT = Path(__file__).resolve().parent.parent
Key = tuple[str, str]  # (surface, input)


def one_pass(model: Any, surface: str, data: BenchInput, chunk_ms: float) -> float:
    """One pass over the input, as the benchmark makes it; returns seconds of audio."""
    if surface == "tts":
        return float(sum(np.asarray(s.audio).size / s.sr for s in (model.synthesize(t) for t in data.texts)))
    for audio, sr in data.audio:
        if surface == "asr_stream":
            stream = model.start_stream(sr)
            step = max(1, round(sr * chunk_ms / 1000))
            for start in range(0, audio.size, step):
                stream.push_audio(audio[start : start + step])
            stream.flush()
            stream.finalize()
            stream.close()
        else:
            getattr(model, METHODS[surface])(audio, sr)
    return data.seconds


def stopwatch_rtf(model: Any, surface: str, data: BenchInput, chunk_ms: float, rounds: int) -> float:
    one_pass(model, surface, data, chunk_ms)  # warm-up, as the benchmark does
    ratios = []
    for _ in range(rounds):
        start = time.perf_counter()
        audio_s = one_pass(model, surface, data, chunk_ms)
        ratios.append((time.perf_counter() - start) / audio_s)
    return float(statistics.median(ratios))


def report_benchmarks(report: dict[str, Any], pack: str) -> list[dict[str, Any]]:
    return [b for b in report.get("packs", {}).get(pack, {}).get("benchmarks", []) if b.get("rtf")]


def run_report(pack: str, rounds: int) -> list[dict[str, Any]]:
    """Benchmark `pack` in a child pytest; its report's benchmarks with an RTF."""
    with tempfile.TemporaryDirectory(prefix="stopwatch-") as out:
        command = [
            sys.executable,
            "-m",
            "pytest",
            f"--model-pack={pack}",
            "--benchmark-only",
            f"--benchmark-min-rounds={rounds}",
            f"--audiocontract-report={out}",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
        ]
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_XDIST")}
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        report_file = Path(out) / "report.json"
        if done.returncode != 0 or not report_file.is_file():
            tail = "\n".join((done.stdout + done.stderr).splitlines()[-15:])
            raise RuntimeError(f"{' '.join(command)} exited {done.returncode}:\n{tail}")
        return report_benchmarks(json.loads(report_file.read_text(encoding="utf-8")), pack)


def stopwatch_pass(pack: str, benches: list[dict[str, Any]], rounds: int) -> list[float]:
    """The stopwatch RTF of each benchmark, in a fresh child process as the report's is: the
    model loaded outside pytest, the same inputs, direct adapter calls."""
    wanted = [
        {
            "surface": b["surface"],
            "input": b["input"],
            "chunk_ms": (b.get("streaming") or {}).get("unpaced", {}).get("chunk_ms", 160),
        }
        for b in benches
    ]
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--pack",
        pack,
        "--rounds",
        str(rounds),
        "--stopwatch-child",
        json.dumps(wanted),
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).splitlines()[-15:])
        raise RuntimeError(f"the stopwatch run of {pack} exited {done.returncode}:\n{tail}")
    return [float(v) for v in json.loads(done.stdout.splitlines()[-1])]


def stopwatch_child(spec: PackSpec, wanted: list[dict[str, Any]], rounds: int) -> None:
    model = load_model(spec, spec.default_variant, "cpu")
    ratios = [
        stopwatch_rtf(
            model,
            w["surface"],
            bench_input(spec, w["surface"], w["input"], ROOT),
            float(w["chunk_ms"]),
            rounds,
        )
        for w in wanted
    ]
    print(json.dumps(ratios))


def check_pack(spec: PackSpec, args: argparse.Namespace) -> tuple[int, int]:
    """(checked, failed) for one pack."""
    reported: dict[Key, list[float]] = {}
    timed: dict[Key, list[float]] = {}
    seconds: dict[Key, float] = {}
    benches: list[dict[str, Any]] = []
    for repeat in range(args.repeats):
        # Alternate which goes first, so a trend in the machine's load hits both sides.
        sides = ("report", "stopwatch") if repeat % 2 == 0 else ("stopwatch", "report")
        for side in sides:
            if side == "report":
                benches = _reported(spec.id, args)
                for b in benches:
                    key = (b["surface"], b["input"])
                    seconds[key] = b["stats_s"]["median"]
                    if seconds[key] >= args.min_seconds:
                        reported.setdefault(key, []).append(b["rtf"])
            else:
                checked_benches = [b for b in benches if b["stats_s"]["median"] >= args.min_seconds]
                ratios = stopwatch_pass(spec.id, checked_benches, args.rounds)
                for b, ratio in zip(checked_benches, ratios, strict=True):
                    timed.setdefault((b["surface"], b["input"]), []).append(ratio)
    checked = failed = 0
    for key, per_pass in seconds.items():
        name = f"{spec.id} {key[0]}/{key[1]}"
        if key not in reported:
            print(f"skip {name}: {per_pass:.2g} s per pass, below --min-seconds; not checked")
            continue
        # Noise on a shared machine only ever adds time, so the fastest repetition of each side
        # is the closest to the model's own cost; the medians are printed beside them.
        report_rtf, watch_rtf = min(reported[key]), min(timed[key])
        off = abs(watch_rtf - report_rtf) / report_rtf
        ok = off <= args.tolerance
        checked, failed = checked + 1, failed + (not ok)
        print(
            f"{'ok  ' if ok else 'FAIL'} {name}: report RTF {report_rtf:.4g} (median "
            f"{statistics.median(reported[key]):.4g}), stopwatch RTF {watch_rtf:.4g} (median "
            f"{statistics.median(timed[key]):.4g}), {off:.1%} apart over {len(timed[key])} "
            f"repetition(s), tolerance {args.tolerance:.0%}"
        )
    return checked, failed


def _reported(pack: str, args: argparse.Namespace) -> list[dict[str, Any]]:
    if args.report:
        benches = report_benchmarks(json.loads(args.report.read_text(encoding="utf-8")), pack)
    else:
        benches = run_report(pack, args.rounds)
    if not benches:
        raise RuntimeError(f"{pack}: the report has no benchmark with an RTF")
    return benches


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pack", action="append", required=True, help="pack id; repeatable")
    parser.add_argument(
        "--repeats", type=int, default=5, help="alternating report/stopwatch repetitions (default 5)"
    )
    parser.add_argument("--rounds", type=int, default=9, help="timed passes per measurement")
    parser.add_argument("--tolerance", type=float, default=0.10, help="relative (0.10 = 10%%)")
    parser.add_argument("--min-seconds", type=float, default=0.005)
    parser.add_argument("--report", type=Path, help="check this report.json once instead of running pytest")
    parser.add_argument("--stopwatch-child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.report:
        args.repeats = 1

    specs = {p.spec.id: p.spec for p in discover([ROOT / "model_packs"]) if p.spec}
    unknown = [p for p in args.pack if p not in specs]
    if unknown:
        print(f"no such pack under {ROOT / 'model_packs'}: {', '.join(unknown)}", file=sys.stderr)
        return 2
    if args.stopwatch_child:
        stopwatch_child(specs[args.pack[0]], json.loads(args.stopwatch_child), args.rounds)
        return 0
    checked = failed = 0
    for pack in args.pack:
        try:
            done, bad = check_pack(specs[pack], args)
        except RuntimeError as exc:
            print(exc, file=sys.stderr)
            return 2
        checked, failed = checked + done, failed + bad
    print(f"{checked - failed}/{checked} figures agree")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
