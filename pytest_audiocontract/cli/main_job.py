"""`audiocontract main`: README's main job in two phases, one report.

    audiocontract main [--report reports/main] [-n 2] [-- PYTEST_ARGS...]

Phase 1 runs the contracts and the quality claims under pytest-xdist (`-n`, both cores);
phase 2 runs the benchmarks and the speed claims in one process, alone on the machine, as
timings need. Each writes its own report (REPORT/checks, REPORT/timed); `audiocontract
merge` makes them one report in REPORT. PYTEST_ARGS choose the packs (default `--model-pack
all --ci-only`) and go to both phases.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pytest_audiocontract.cli import SubParsers

DEFAULT_SELECTION = ("--model-pack", "all", "--ci-only")


def phase_commands(report: Path, workers: str, pytest_args: list[str]) -> list[list[str]]:
    """The two pytest command lines, in the order they run."""
    base = [sys.executable, "-m", "pytest", *(pytest_args or DEFAULT_SELECTION), "--audiocontract-bench"]
    # The = forms: pytest takes a bare path argument for where to look for its rootdir.
    checks = ["-n", workers, "--audiocontract-phase=checks", f"--audiocontract-report={report / 'checks'}"]
    timed = ["-p", "no:xdist", "--audiocontract-phase=timed", f"--audiocontract-report={report / 'timed'}"]
    return [[*base, *checks], [*base, *timed]]


def combined_status(codes: list[int]) -> int:
    """pytest's exit status for both phases: a usage, internal or interrupt status first, then
    failures; "no tests" (5) only where no phase ran any."""
    for worst in (4, 3, 2, 1):
        if worst in codes:
            return worst
    if all(c == 5 for c in codes):
        return 5
    return max((c for c in codes if c != 5), default=0)


def main_command(report: Path, workers: str, pytest_args: list[str]) -> int:
    from pytest_audiocontract.cli.merge import merge_command

    codes = []
    for name, command in zip(("checks", "timed"), phase_commands(report, workers, pytest_args), strict=True):
        print(f"audiocontract main: phase {name}: {' '.join(command[1:])}", flush=True)
        codes.append(subprocess.run(command).returncode)
        if codes[-1] in (2, 3, 4):  # interrupted or unusable: the next phase would fare no better
            break
    written = [report / name for name in ("checks", "timed") if (report / name / "report.json").is_file()]
    if written:
        merged = merge_command(report, written)
        if merged != 0:
            codes.append(merged)
    status = combined_status(codes)
    print(f"audiocontract main: phases exited {codes}; exit {status}")
    return status


def add_main_parser(sub: SubParsers) -> None:
    main = sub.add_parser(
        "main",
        help="README's main job: contracts and quality claims under -n, then benchmarks and "
        "speed claims alone, one merged report",
        usage="audiocontract main [--report DIR] [-n N] [-- PYTEST_ARGS...]",
    )
    main.add_argument(
        "--report", type=Path, default=Path("reports/main"), help="report folder (default reports/main)"
    )
    main.add_argument(
        "-n", dest="workers", default="2", help="pytest-xdist workers of the checks phase (default 2)"
    )
    main.set_defaults(handler=_main)


def _main(args: argparse.Namespace) -> int:
    return main_command(args.report, args.workers, list(args.new_runs or []))
