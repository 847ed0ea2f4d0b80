"""`audiocontract matrix --json`: the CI jobs one pack list needs, one per (tox env, device, shard).

A pack's tox environment is the one each of its variants runs in (`environment_of`: its
runtime's env, or its own `environment:`), its devices are the ones its claims.yaml declares.
Packs with the same (env, device) share a job list of `--shards N` shards, fewer where the
group holds fewer packs: `--shard` splits by pack, so a shard past the pack count would
collect nothing (pytest's exit 5). GitHub Actions reads the entries under `matrix: include:`
(`fromJSON`), GitLab under `parallel: matrix:` (`--for gitlab`: upper-case variable names).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pytest_audiocontract.claims.model import PackSpec
from pytest_audiocontract.options import add_selection_options, selection_filter
from pytest_audiocontract.packs.discovery import discover
from pytest_audiocontract.packs.selection import PackFilter

# A job's runner per device; `--runner DEVICE=LABEL` replaces one. GPU runners are self-hosted.
DEFAULT_RUNNERS = {"cpu": "ubuntu-latest", "cuda": "self-hosted-cuda", "mps": "macos-14"}


@dataclass(frozen=True)
class Job:
    toxenv: str
    device: str
    shard: int  # 1-based
    shards: int
    packs: tuple[str, ...]  # the packs of this (env, device), all shards together

    @property
    def name(self) -> str:
        """A name safe for artifact names and folders: `core-cpu-1of3`."""
        return f"{self.toxenv}-{self.device}-{self.shard}of{self.shards}"


def pack_groups(specs: Iterable[PackSpec], pack_filter: PackFilter) -> dict[tuple[str, str], list[str]]:
    """(tox env, device) -> the ids of the packs that run there, sorted."""
    groups: dict[tuple[str, str], set[str]] = {}
    for spec in specs:
        if not pack_filter.accepts(spec):
            continue
        envs = {spec.environment_of(v) for v in spec.variants if pack_filter.runs_on_runtime(spec, v)}
        devices = [d for d in spec.devices if not pack_filter.devices or d in pack_filter.devices]
        for env in envs:
            for device in devices:
                groups.setdefault((env, device), set()).add(spec.id)
    return {key: sorted(ids) for key, ids in sorted(groups.items())}


def jobs(groups: dict[tuple[str, str], list[str]], shards: int) -> list[Job]:
    out = []
    for (env, device), ids in groups.items():
        count = max(1, min(shards, len(ids)))
        out += [Job(env, device, k, count, tuple(ids)) for k in range(1, count + 1)]
    return out


def github_entry(job: Job, runners: dict[str, str]) -> dict[str, str]:
    return {
        "name": job.name,
        "toxenv": job.toxenv,
        "device": job.device,
        "shard": f"{job.shard}/{job.shards}",
        "runs-on": runners.get(job.device, DEFAULT_RUNNERS.get(job.device, "ubuntu-latest")),
        "packs": ",".join(job.packs),
    }


def matrix(
    job_list: list[Job], runners: dict[str, str], flavour: str
) -> dict[str, list[dict[str, str]]] | list[dict[str, str]]:
    """GitHub: `{"include": [...]}` for `strategy.matrix`; GitLab: the list for
    `parallel: matrix:` (each entry one job; variables upper case)."""
    entries = [github_entry(job, runners) for job in job_list]
    if flavour == "gitlab":
        return [{k.upper().replace("-", "_"): v for k, v in e.items()} for e in entries]
    return {"include": entries}


def parse_runners(values: list[str]) -> dict[str, str]:
    runners = {}
    for value in values:
        device, equals, label = value.partition("=")
        if not equals or not device or not label:
            raise ValueError(f"--runner={value}, but should be DEVICE=LABEL (e.g. --runner cuda=gpu-a100)")
        runners[device] = label
    return runners


def matrix_command(args: argparse.Namespace) -> int:
    import sys

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
