"""How long collecting many packs takes (not a test): N copies of reference_enhance, interleaved runs.

    python scripts/collect_timing.py                          # this tree, 200 packs, 7 runs
    python scripts/collect_timing.py --baseline /tmp/old      # this tree against another checkout

Copies reference_enhance N times into a temporary folder (each copy with its own id) and
runs `pytest --collect-only -q` over it, reading pytest's own "collected in" figure beside the
command's wall time. With `--baseline DIR` (a checkout of another version, e.g. from
`git archive REV | tar -x -C DIR`) every run is a pair, the two sides in random order with
the other's code on PYTHONPATH, so load on this shared machine hits both; the figures are
medians with their range, and the ratio is judged per pair.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COLLECTED = re.compile(r"(\d+) tests? collected in ([\d.]+)s")


def make_packs(folder: Path, n_packs: int) -> None:
    for i in range(n_packs):
        dest = folder / f"p{i:03d}"
        shutil.copytree(ROOT / "model_packs" / "reference_enhance", dest)
        claims = dest / "claims.yaml"
        claims.write_text(claims.read_text().replace("id: reference_enhance", f"id: p{i:03d}"))


def collect_once(tree: Path, cwd: Path) -> tuple[float, float, int]:
    """(pytest's "collected in" seconds, the command's wall seconds, items) with `tree`'s plugin."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    args = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "model_packs"]
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    found = COLLECTED.search(done.stdout)
    if found is None:
        output = done.stdout[-2000:] + done.stderr[-2000:]
        raise SystemExit(f"no 'collected in' line from {tree}'s plugin:\n{output}")
    return float(found.group(2)), wall, int(found.group(1))


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s (range {min(values):.2f}..{max(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--packs", type=int, default=200, help="pack copies to collect (default 200)")
    parser.add_argument("--runs", type=int, default=7, help="runs (pairs with --baseline; default 7)")
    parser.add_argument("--baseline", type=Path, help="a checkout of another version to interleave with")
    args = parser.parse_args()
    sides = {"this tree": ROOT}
    if args.baseline is not None:
        sides["baseline"] = args.baseline.resolve()
    print(f"load average before: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    collected: dict[str, list[float]] = {name: [] for name in sides}
    walls: dict[str, list[float]] = {name: [] for name in sides}
    items: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        make_packs(Path(tmp) / "model_packs", args.packs)
        for _ in range(args.runs):
            order = list(sides)
            random.shuffle(order)
            for name in order:
                took, wall, items[name] = collect_once(sides[name], Path(tmp))
                collected[name].append(took)
                walls[name].append(wall)
    for name in sides:
        print(
            f"{name}: {args.packs} packs, {items[name]} items: collected in {spread(collected[name])}, "
            f"pytest's figure; whole command {spread(walls[name])}; {args.runs} runs"
        )
    if args.baseline is not None:
        ratios = [a / b for a, b in zip(collected["this tree"], collected["baseline"], strict=True)]
        print(
            f"collected-in ratio this tree / baseline, per pair: median {statistics.median(ratios):.3f} "
            f"(range {min(ratios):.3f}..{max(ratios):.3f})"
        )
    print(f"load average after: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")


if __name__ == "__main__":
    main()
