"""A benchmark of the harness itself (not a test): startup, collection, and optionally the main job.

    python scripts/bench_harness.py                 # --help ratio and 200-pack collection
    python scripts/bench_harness.py --main-job      # also README's main job (about 15 min)

`pytest --help` is timed with and without the plugin, the two interleaved in random order
pair by pair, so load on this shared machine hits both; the ratio is judged per pair
(median and spread). Collection copies reference_enhance N times into a temporary folder
and reads pytest's own "collected in" figure beside the command's wall time.
"""

from __future__ import annotations

import argparse
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
MAIN_JOB = ["--model-pack", "all", "--ci-only", "--audiocontract-bench", "-p", "no:cacheprovider"]


def timed(args: list[str], cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", *args], cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - start, done.stdout


def load() -> str:
    return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()


def help_ratio(pairs: int) -> None:
    ratios, with_s, without_s = [], [], []
    for _ in range(pairs):
        sides = [("with", ["--help"]), ("without", ["--help", "-p", "no:audiocontract"])]
        random.shuffle(sides)
        got = {name: timed(args, ROOT)[0] for name, args in sides}
        with_s.append(got["with"])
        without_s.append(got["without"])
        ratios.append(got["with"] / got["without"])
    q = statistics.quantiles(ratios, n=4)
    print(
        f"pytest --help: with plugin {statistics.median(with_s):.2f} s, without "
        f"{statistics.median(without_s):.2f} s (medians of {pairs}); ratio median "
        f"{statistics.median(ratios):.3f}, IQR {q[0]:.3f}..{q[2]:.3f}, range "
        f"{min(ratios):.3f}..{max(ratios):.3f}"
    )


def collection(n_packs: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        packs = Path(tmp) / "model_packs"
        for i in range(n_packs):
            dest = packs / f"p{i:03d}"
            shutil.copytree(ROOT / "model_packs" / "reference_enhance", dest)
            claims = dest / "claims.yaml"
            claims.write_text(claims.read_text().replace("id: reference_enhance", f"id: p{i:03d}"))
        walls, collected = [], []
        for _ in range(runs):
            wall, out = timed(["--collect-only", "-q", "-p", "no:cacheprovider", "model_packs"], Path(tmp))
            found = re.search(r"(\d+) tests? collected in ([\d.]+)s", out)
            if found is None:
                raise SystemExit(f"no 'collected in' line in pytest's output:\n{out[-2000:]}")
            walls.append(wall)
            collected.append(float(found.group(2)))
        print(
            f"{n_packs} packs, {found.group(1)} items: collected in median "
            f"{statistics.median(collected):.2f} s "
            f"(range {min(collected):.2f}..{max(collected):.2f}, pytest's figure), whole command "
            f"{statistics.median(walls):.2f} s (range {min(walls):.2f}..{max(walls):.2f}), {runs} runs"
        )


def main_job() -> None:
    wall, out = timed(MAIN_JOB, ROOT)
    tail = [line for line in out.splitlines() if re.search(r" in [\d.]+s", line)]
    print(f"main job: {wall:.0f} s wall; pytest: {tail[-1] if tail else '?'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=9, help="interleaved --help pairs (default 9)")
    parser.add_argument("--packs", type=int, default=200, help="pack copies to collect (default 200)")
    parser.add_argument("--runs", type=int, default=3, help="collection runs (default 3)")
    parser.add_argument("--main-job", action="store_true", help="also time README's main job")
    args = parser.parse_args()
    print(f"load average before: {load()}")
    help_ratio(args.pairs)
    collection(args.packs, args.runs)
    if args.main_job:
        main_job()
    print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
