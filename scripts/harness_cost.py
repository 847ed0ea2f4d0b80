"""What the harness adds to a model's measured time, on each CI-safe real pack (not a test).

    python scripts/harness_cost.py                     # every CI-safe real pack, 9 pairs each
    python scripts/harness_cost.py --pack rnnoise --pairs 15

In one process per pack, the model loaded once, two ways of timing one pass over the pack's
first benchmark input alternate, in random order per pair:

- the harness: the benchmark's own round (`bench.run.round_target`: drive_stream for streams,
  the outputs kept for the quality figure) timed by its timing loop (`claims.speed.time_rounds`);
- direct: the adapter's calls written out (scripts/stopwatch_rtf.py's `one_pass`), timed with
  `time.perf_counter` around them.

Per pair it takes harness / direct, of wall seconds and of CPU seconds; it prints each median
ratio with its quartiles. The goal is within 2% (a median ratio of 0.98 to 1.02).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from stopwatch_rtf import one_pass

from pytest_audiocontract.bench.inputs import bench_input, input_names
from pytest_audiocontract.bench.run import round_target
from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.gates.speed import time_rounds
from pytest_audiocontract.isolation.usage import cpu_seconds
from pytest_audiocontract.packs.discovery import discover
from pytest_audiocontract.packs.loading import load_model
from pytest_audiocontract.spec.model import PackSpec

ROOT = Path(__file__).resolve().parent.parent
CHUNK_MS = 160.0


def real_ci_packs(wanted: list[str]) -> list[PackSpec]:
    specs = [found.spec for found in discover([ROOT / "model_packs"]) if found.spec is not None]
    if wanted:
        return [s for s in specs if s.id in wanted]
    return [s for s in specs if s.ci and not s.id.startswith("reference_") and s.id != "noop"]


def ratios_for(
    model: Any, spec: PackSpec, surface: str, pairs: int, rng: random.Random
) -> tuple[list[float], list[float]]:
    """(wall ratios, CPU ratios), harness / direct, one per pair."""
    data = bench_input(spec, surface, input_names(spec, surface)[0], ROOT)
    harness_round, _ = round_target(model, surface, data, CHUNK_MS)

    def harness() -> tuple[float, float]:
        def covered() -> float:
            harness_round()
            return 1.0

        timing = time_rounds(covered, 1, warmup=False)
        return timing.processing_s[0], timing.cpu_s[0]

    def direct() -> tuple[float, float]:
        cpu, start = cpu_seconds(), time.perf_counter()
        one_pass(model, surface, data, CHUNK_MS)
        return time.perf_counter() - start, cpu_seconds() - cpu

    harness(), direct()  # warm-up, each
    wall, cpu = [], []
    for _ in range(pairs):
        sides = [harness, direct]
        rng.shuffle(sides)
        seconds = {side: side() for side in sides}
        wall.append(seconds[harness][0] / seconds[direct][0])
        cpu.append(seconds[harness][1] / seconds[direct][1])
    return wall, cpu


def summary(ratios: list[float]) -> str:
    q1, _, q3 = statistics.quantiles(ratios, n=4)
    return f"{statistics.median(ratios):.4f} ({q1:.4f}..{q3:.4f})"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pack", action="append", default=[], help="only this pack (repeatable)")
    parser.add_argument("--pairs", type=int, default=9)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    print(f"load average {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    print(f"{'pack/surface':<32} {'wall: median (quartiles)':<26} cpu: median (quartiles)")
    medians = []
    for spec in real_ci_packs(args.pack):
        variant = spec.default_variant
        try:
            model = load_model(spec, variant, "cpu")
        except MissingRequirement as exc:
            print(f"{spec.id}: skipped ({exc})")
            continue
        for surface in spec.surfaces:
            wall, cpu = ratios_for(model, spec, surface, args.pairs, rng)
            medians.append(statistics.median(cpu))
            print(f"{spec.id + '/' + surface:<32} {summary(wall):<26} {summary(cpu)}")
    print(f"load average {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    within = sum(0.98 <= m <= 1.02 for m in medians)
    print(f"{within} of {len(medians)} CPU median ratios within 2% ({args.pairs} pairs each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
