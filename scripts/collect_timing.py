"""How long collecting many packs takes (not a test): N copies of reference_enhance, interleaved runs.

    python scripts/collect_timing.py                          # this tree, 200 packs, 7 runs
    python scripts/collect_timing.py --baseline /tmp/old      # this tree against another checkout

Copies reference_enhance N times into a temporary folder (each copy with its own id) and
runs `pytest --collect-only -q` over it, reading pytest's own "collected in" figure beside the
command's wall time, and the CPU seconds of the collecting process (time.process_time, from
session start to the end of collection, by scripts/collect_cpu_plugin.py): on a machine other
jobs load, the CPU figure is the one to judge, the wall figures stretch with the load.
`--cached-bytecode` lets Python keep compiled modules (in a temporary PYTHONPYCACHEPREFIX, one
warm-up run per side first) where this machine sets PYTHONDONTWRITEBYTECODE=1, under which
every module, and each assertion-rewritten plugin module, is compiled again on each run.
With `--baseline DIR` (a checkout of another version, e.g. from
`git archive REV | tar -x -C DIR`) every run is a pair, the two sides in random order with
the other's code on PYTHONPATH, so load on this shared machine hits both; the figures are
medians with their range, and the ratio is judged per pair.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COLLECTED = re.compile(r"(\d+) tests? collected in ([\d.]+)s")
CPU = re.compile(r"collection cpu: ([\d.]+)")


def make_packs(folder: Path, n_packs: int) -> None:
    for i in range(n_packs):
        dest = folder / f"p{i:03d}"
        shutil.copytree(ROOT / "model_packs" / "reference_enhance", dest)
        claims = dest / "claims.yaml"
        claims.write_text(claims.read_text().replace("id: reference_enhance", f"id: p{i:03d}"))


def collect_once(tree: Path, cwd: Path, pycache: Path | None) -> dict[str, float]:
    """One `--collect-only` with `tree`'s plugin: pytest's "collected in" seconds, the command's
    wall seconds, the collecting process's CPU seconds, the whole command's CPU seconds, items."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tree), str(ROOT / "scripts")]))
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache / tree.name)
    args = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
    args += ["-p", "collect_cpu_plugin", "model_packs"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    found, cpu = COLLECTED.search(done.stdout), CPU.search(done.stdout)
    if found is None or cpu is None:
        output = done.stdout[-2000:] + done.stderr[-2000:]
        raise SystemExit(f"no 'collected in' or 'collection cpu' line from {tree}'s plugin:\n{output}")
    command_cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {
        "collected": float(found.group(2)),
        "wall": wall,
        "cpu": float(cpu.group(1)),
        "command_cpu": command_cpu,
        "items": float(found.group(1)),
    }


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s (range {min(values):.2f}..{max(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--packs", type=int, default=200, help="pack copies to collect (default 200)")
    parser.add_argument("--runs", type=int, default=7, help="runs (pairs with --baseline; default 7)")
    parser.add_argument("--baseline", type=Path, help="a checkout of another version to interleave with")
    parser.add_argument(
        "--cached-bytecode", action="store_true", help="let Python keep compiled modules (see above)"
    )
    args = parser.parse_args()
    sides = {"this tree": ROOT}
    if args.baseline is not None:
        sides["baseline"] = args.baseline.resolve()
    print(f"load average before: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in sides}
    with tempfile.TemporaryDirectory() as tmp:
        make_packs(Path(tmp) / "model_packs", args.packs)
        pycache = Path(tmp) / "pycache" if args.cached_bytecode else None
        if pycache is not None:
            for name in sides:
                collect_once(sides[name], Path(tmp), pycache)  # warm-up: writes the bytecode
        for _ in range(args.runs):
            order = list(sides)
            random.shuffle(order)
            for name in order:
                runs[name].append(collect_once(sides[name], Path(tmp), pycache))
    bytecode = "bytecode cached" if args.cached_bytecode else "bytecode as the environment says"
    for name in sides:
        figures = {key: [run[key] for run in runs[name]] for key in runs[name][0]}
        print(
            f"{name}: {args.packs} packs, {int(figures['items'][0])} items, {args.runs} runs, {bytecode}:\n"
            f"  collection CPU {spread(figures['cpu'])}, the collecting process's time.process_time\n"
            f"  collected in {spread(figures['collected'])}, pytest's wall figure\n"
            f"  whole command: wall {spread(figures['wall'])}, CPU {spread(figures['command_cpu'])}"
        )
    if args.baseline is not None:
        for key, label in (("cpu", "collection CPU"), ("collected", "collected-in")):
            ratios = [a[key] / b[key] for a, b in zip(runs["this tree"], runs["baseline"], strict=True)]
            print(
                f"{label} ratio this tree / baseline, per pair: median {statistics.median(ratios):.3f} "
                f"(range {min(ratios):.3f}..{max(ratios):.3f})"
            )
    print(f"load average after: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")


if __name__ == "__main__":
    main()
