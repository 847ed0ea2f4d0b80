"""README's main job, timed before and after (a benchmark of the harness, not a test).

    python scripts/main_job_timing.py --baseline /tmp/old            # 1 pair
    python scripts/main_job_timing.py --baseline /tmp/old --pairs 2 -- --model-pack rnnoise

`before` is the baseline checkout (e.g. `git archive REV | tar -x -C DIR`) running README's
one-process command, `pytest --model-pack all --ci-only --audiocontract-bench
--audiocontract-report DIR`; `after` is this tree running `audiocontract main` (checks under
`-n 2`, then the timed phase alone). Same packs, same profile (examples per rule), same items.
The pairs run in random order, each side with its own code on PYTHONPATH, so load on this
shared machine falls on both. Both load scripts/model_time_plugin.py, which times every call
into a model in the test processes, in wall and in CPU seconds. The harness's share is read
from CPU seconds: (each process's CPU - its CPU inside model calls), summed over the job's
processes (the xdist controller and workers too), over their summed CPU. Wall seconds cannot
give it under `-n 2` (the workers' walls overlap) nor on a loaded machine (they stretch).
Prints wall and CPU seconds per run, medians and ranges, and the load average every 30 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SELECTION = ["--model-pack", "all", "--ci-only"]


def command(side: str, report: Path, selection: list[str]) -> list[str]:
    common = [*selection, "-p", "no:cacheprovider", "-p", "model_time_plugin"]
    if side == "before":
        return [
            sys.executable,
            "-m",
            "pytest",
            *common,
            "--audiocontract-bench",
            f"--audiocontract-report={report}",
        ]
    code = "import sys; from pytest_audiocontract.cli import main; sys.exit(main())"
    return [sys.executable, "-c", code, "main", "--report", str(report), "--", *common]


def load_sampler(samples: list[float], stop: threading.Event) -> None:
    while not stop.wait(30.0):
        samples.append(float(Path("/proc/loadavg").read_text().split()[0]))


def run_side(side: str, tree: Path, selection: list[str]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        times = Path(tmp) / "model_time"
        times.mkdir()
        env = dict(
            os.environ,
            PYTHONPATH=os.pathsep.join([str(tree), str(ROOT / "scripts")]),
            AUDIOCONTRACT_MODEL_TIME_DIR=str(times),
        )
        samples: list[float] = []
        stop = threading.Event()
        sampler = threading.Thread(target=load_sampler, args=(samples, stop), daemon=True)
        sampler.start()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(
            command(side, Path(tmp) / "report", selection), cwd=ROOT, env=env, capture_output=True, text=True
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        stop.set()
        totals = [json.loads(f.read_text()) for f in times.glob("*.json")]
    model_s = sum(t["model_s"] for t in totals)
    model_cpu = sum(t["model_cpu_s"] for t in totals)
    process_cpu = sum(t["process_cpu_s"] for t in totals)
    # Every process the job waited for (memory-probe workers too), user + system.
    job_cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    tail = [
        line for line in done.stdout.splitlines() if " in " in line and ("passed" in line or "failed" in line)
    ]
    print(
        f"  {side}: exit {done.returncode}, {wall:.0f} s wall, {model_s:.0f} s (wall) in model calls; "
        f"CPU: {process_cpu:.0f} s in {len(totals)} pytest processes, {model_cpu:.0f} s of it in model "
        f"calls, {job_cpu:.0f} s the whole job; "
        f"load {min(samples, default=0):.2f}..{max(samples, default=0):.2f}; {' | '.join(tail)}",
        flush=True,
    )
    return {
        "wall_s": wall,
        "model_s": model_s,
        "cpu_s": process_cpu,
        "model_cpu_s": model_cpu,
        "job_cpu_s": job_cpu,
        "exit": done.returncode,
    }


def spread(values: list[float]) -> str:
    return f"median {statistics.median(values):.0f} s (range {min(values):.0f}..{max(values):.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", type=Path, required=True, help="a checkout of the version before")
    parser.add_argument("--pairs", type=int, default=1, help="before/after pairs (default 1)")
    parser.add_argument("selection", nargs="*", help="pytest selection (default --model-pack all --ci-only)")
    args = parser.parse_args()
    trees = {"before": args.baseline.resolve(), "after": ROOT}
    results: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
    for pair in range(args.pairs):
        order = list(trees)
        random.shuffle(order)
        print(f"pair {pair + 1}: {' then '.join(order)}", flush=True)
        for side in order:
            results[side].append(run_side(side, trees[side], args.selection or SELECTION))
    for side, runs in results.items():
        walls = [r["wall_s"] for r in runs]
        cpus = [r["cpu_s"] for r in runs]
        shares = [(r["cpu_s"] - r["model_cpu_s"]) / r["cpu_s"] for r in runs]
        print(
            f"{side}: wall {spread(walls)}; CPU of the pytest processes {spread(cpus)}; harness share "
            f"(CPU outside model calls) {statistics.median(shares):.0%} "
            f"(range {min(shares):.0%}..{max(shares):.0%})"
        )
    ratios = [a["wall_s"] / b["wall_s"] for a, b in zip(results["after"], results["before"], strict=True)]
    print(f"after / before, per pair, wall: {', '.join(f'{r:.3f}' for r in ratios)}")
    cpu_ratios = [a["cpu_s"] / b["cpu_s"] for a, b in zip(results["after"], results["before"], strict=True)]
    print(f"after / before, per pair, CPU: {', '.join(f'{r:.3f}' for r in cpu_ratios)}")


if __name__ == "__main__":
    main()
