"""`audiocontract matrix --json`: the CI jobs one pack list needs, one per (tox env, device, shard).

A pack's tox environment is the one each of its variants runs in (`environment_of`: its
runtime's env, or its own `environment:`), its devices are the ones its claims.yaml declares.
Packs with the same (env, device) share a job list of `--shards N` shards, fewer where the
group holds fewer packs: `--shard` splits by pack, so a shard past the pack count would
collect nothing (pytest's exit 5). GitHub Actions reads the entries under `matrix: include:`
(`fromJSON`), GitLab under `parallel: matrix:` (`--for gitlab`: upper-case variable names).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pytest_audiocontract.packs.selection import PackFilter
from pytest_audiocontract.spec.model import PackSpec

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
