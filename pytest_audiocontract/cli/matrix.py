"""`audiocontract matrix`: the CI jobs for the pack list (scale/matrix.py builds them)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pytest_audiocontract.options import add_selection_options, selection_filter
from pytest_audiocontract.packs.discovery import discover
from pytest_audiocontract.scale.matrix import jobs, matrix, pack_groups, parse_runners


def matrix_command(args: argparse.Namespace) -> int:
    if args.shards < 1:
        print(f"audiocontract matrix: --shards={args.shards}, but should be 1 or more", file=sys.stderr)
        return 2
    try:
        runners = parse_runners(args.runner)
    except ValueError as exc:
        print(f"audiocontract matrix: {exc}", file=sys.stderr)
        return 2
    # The jobs run on other machines, in their own environments: --ci-only (and --ci-marked)
    # keep the packs marked ci: true, whatever this machine has installed.
    pack_filter = selection_filter(args, runnable_only=False)
    roots = [Path("model_packs"), *map(Path, args.pack_path)]
    found = discover(roots)
    for pack in found:
        if pack.spec is None:  # the run names it too; the matrix leaves it out rather than guess
            print(f"audiocontract matrix: {pack.root}: invalid claims.yaml, left out", file=sys.stderr)
    job_list = jobs(pack_groups((p.spec for p in found if p.spec), pack_filter), args.shards)
    if not job_list:
        print(f"audiocontract matrix: no packs match in {', '.join(map(str, roots))}", file=sys.stderr)
        return 2
    result = matrix(job_list, runners, args.flavour)
    if args.json:
        print(json.dumps(result, separators=(",", ":")) if args.compact else json.dumps(result, indent=1))
    else:
        for job in job_list:
            print(
                f"{job.name:40} tox -e {job.toxenv} -- --device {job.device} --shard {job.shard}/{job.shards}"
            )
    return 0


def add_matrix_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "matrix",
        help="the CI jobs for the pack list: one per (tox env, device, shard), "
        "as JSON for GitHub Actions' matrix include or GitLab's parallel matrix",
    )
    add_selection_options(parser.add_argument)
    parser.add_argument("--shards", type=int, default=1, help="shards per (tox env, device) (default 1)")
    parser.add_argument("--json", action="store_true", help="print the matrix as JSON")
    parser.add_argument(
        "--for",
        dest="flavour",
        choices=("github", "gitlab"),
        default="github",
        help='github: {"include": [...]} (default); gitlab: the list for parallel: matrix:',
    )
    parser.add_argument("--compact", action="store_true", help="JSON on one line (for $GITHUB_OUTPUT)")
    parser.add_argument(
        "--runner",
        action="append",
        default=[],
        metavar="DEVICE=LABEL",
        help="the runs-on label of a device's jobs (default: cpu=ubuntu-latest, "
        "cuda=self-hosted-cuda, mps=macos-14); repeatable",
    )
    parser.set_defaults(handler=matrix_command)
