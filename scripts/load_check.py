"""Do the gates measure the model or the machine? Three checks with busy processes beside them.

    python scripts/load_check.py                 # rnnoise (single-threaded, native)
    python scripts/load_check.py --pack basic_pitch --surface music_transcription

1. cpu_rtf claims: the pack's quiet cpu_rtf q is measured by the claim gate; then, with
   --busy (3) spinning processes on the cores, the gate judges a true claim (max 1.4 q) and a
   false one (max 0.7 q). Expected: the true one passes, the false one fails. The wall-clock
   rtf of both runs is printed beside, for contrast.
2. compare: a benchmark run quiet and one with 2 busy processes; `audiocontract compare` of the
   two must exit 0 (timing from one run per side is indicative only).
3. ab: `audiocontract ab` of two copies of the pack (exit 0 expected), and of the pack against a
   copy that also runs its first 30% of every input again (exit 1, cpu_s named), each with one
   busy process beside it.

Not a test: it measures this machine. Exit 1 when any check's outcome is not the expected one.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from pytest_audiocontract.bench.run import METHODS

ROOT = Path(__file__).resolve().parents[1]
HEAVIER = '''

def load_heavier(variant, device):
    """The pack's model, doing its first 30% of every input again (30% more work)."""
    model = {factory}(variant, device)

    class Heavier:
        def {method}(self, audio, sr):
            out = model.{method}(audio, sr)
            model.{method}(audio[: int(len(audio) * 0.3)], sr)
            return out

    return Heavier()
'''


@contextlib.contextmanager
def busy(count: int) -> Iterator[None]:
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]
    try:
        yield
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def pytest(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def audiocontract(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pytest_audiocontract.cli", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def copy_pack(pack: str, into: Path, claims: list[dict[str, Any]] | None = None) -> Path:
    target = into / pack
    shutil.copytree(ROOT / "model_packs" / pack, target)
    if claims is not None:
        data = yaml.safe_load((target / "claims.yaml").read_text())
        data["claims"] = claims
        (target / "claims.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    return target


def claim_figures(report: Path) -> list[dict[str, Any]]:
    data = json.loads((report / "report.json").read_text())
    return [c for found in data["packs"].values() for c in found.get("claims", [])]


def check_cpu_rtf(args: argparse.Namespace, work: Path) -> bool:
    claim = {"metric": "cpu_rtf", "surface": args.surface, "device": "cpu", "max": 1e6}
    if args.variant:
        claim["variant"] = args.variant
    quiet_pack = copy_pack(args.pack, work / "quiet", [claim])
    quiet = pytest(f"--model-pack={quiet_pack}", "--claims-only", f"--audiocontract-report={work / 'q'}")
    [measured] = claim_figures(work / "q")
    q = float(measured["measured"])
    true_bound, false_bound = round(1.4 * q, 6), round(0.7 * q, 6)
    gated = copy_pack(
        args.pack, work / "gated", [{**claim, "max": true_bound}, {**claim, "max": false_bound}]
    )
    wall_q = measured["details"]["rtf"]
    print(f"1. cpu_rtf of {args.pack}/{args.surface}: quiet {q:.4g} (wall rtf {wall_q:.4g}), ", end="")
    print(f"load average {load_average()}; quiet run exit {quiet.returncode}")
    with busy(args.busy):
        pytest(f"--model-pack={gated}", "--claims-only", f"--audiocontract-report={work / 'l'}")
        during = load_average()
    outcomes = {float(c["claimed"]): c for c in claim_figures(work / "l")}
    ok = outcomes[true_bound]["outcome"] == "passed" and outcomes[false_bound]["outcome"] == "failed"
    cpu_l, wall_l = float(outcomes[true_bound]["measured"]), outcomes[true_bound]["details"]["rtf"]
    print(f"   with {args.busy} busy processes (load average {during}): cpu_rtf {cpu_l:.4g} ", end="")
    print(f"({cpu_l / q:.3f} x quiet), wall rtf {wall_l:.4g} ({wall_l / wall_q:.3f} x quiet); ", end="")
    for bound in (true_bound, false_bound):
        print(f"max {bound:.4g} {outcomes[bound]['outcome']}; ", end="")
    print(verdict(ok))
    return ok


def verdict(ok: bool) -> str:
    return "as expected" if ok else "NOT AS EXPECTED"


def interval(row: dict[str, Any]) -> str:
    ratio = row["ratio"]
    return f"{row['item']} {row['metric']} {ratio['median']:.3f} [{ratio['low']:.3f}, {ratio['high']:.3f}]"


def check_compare(args: argparse.Namespace, work: Path) -> bool:
    selection = [f"--model-pack={args.pack}", "--benchmark-only", f"--surface={args.surface}"]
    pytest(*selection, f"--audiocontract-report={work / 'c1'}")
    with busy(2):
        pytest(*selection, f"--audiocontract-report={work / 'c2'}")
    done = audiocontract("compare", str(work / "c1" / "report.json"), str(work / "c2" / "report.json"))
    rtf_rows = [line.split() for line in done.stdout.splitlines() if " rtf " in f" {line} "]
    ratios = ", ".join(f"{row[1]} rtf {row[5]}" for row in rtf_rows)
    ok = done.returncode == 0
    print(
        f"2. compare quiet vs 2 busy processes: exit {done.returncode} ({ratios}) -> "
        f"{'as expected' if ok else 'NOT AS EXPECTED'}"
    )
    return ok


def check_ab(args: argparse.Namespace, work: Path) -> bool:
    base = copy_pack(args.pack, work / "a")
    same = copy_pack(args.pack, work / "b")
    heavier = copy_pack(args.pack, work / "h")
    data = yaml.safe_load((heavier / "claims.yaml").read_text())
    module, factory = str(data["adapter"]).split(":")
    with (heavier / f"{module}.py").open("a") as adapter:
        adapter.write(HEAVIER.format(factory=factory, method=METHODS[args.surface]))
    data["adapter"] = f"{module}:load_heavier"
    (heavier / "claims.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    ok = True
    for label, candidate, expected in (("identical copy", same, 0), ("30% more work", heavier, 1)):
        with busy(1):
            done = audiocontract("ab", str(base), str(candidate), f"--surface={args.surface}", "--json")
        rows = json.loads(done.stdout)["rows"] if done.stdout.strip() else []
        good = done.returncode == expected
        ok = ok and good
        figures = "; ".join(interval(r) for r in rows if r["ratio"])
        problem = "" if good else ": " + done.stderr[-300:]
        print(f"3. ab {args.pack} vs {label}, 1 busy process: exit {done.returncode}; {figures} -> ", end="")
        print(verdict(good) + problem)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pack", default="rnnoise")
    parser.add_argument("--surface", default="enhance")
    parser.add_argument("--variant")
    parser.add_argument("--busy", type=int, default=3, help="busy processes for the cpu_rtf check")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="audiocontract-load-") as folder:
        work = Path(folder)
        results = [check_cpu_rtf(args, work), check_compare(args, work), check_ab(args, work)]
    print("all as expected" if all(results) else "some checks were not as expected")
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
