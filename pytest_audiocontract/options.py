"""Command-line and ini options. The `audiocontract` CLI reuses these option builders."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from pytest_audiocontract.surface_names import DEVICES, RUNTIMES, SURFACE_NAMES

if TYPE_CHECKING:
    from pytest_audiocontract.packs.selection import PackFilter

PROFILES = ("ci", "thorough")


def add_selection_options(add: Callable[..., object]) -> None:
    """The selector's options; `add` is pytest's `group.addoption` or argparse's `add_argument`."""
    add(
        "--pack-path",
        action="append",
        default=[],
        metavar="DIR",
        help="also look for packs (folders with a claims.yaml) in DIR; repeatable",
    )
    add(
        "--surface",
        action="append",
        default=[],
        choices=sorted(SURFACE_NAMES),
        help="only these surfaces; repeatable",
    )
    add(
        "--runtime",
        action="append",
        default=[],
        choices=RUNTIMES,
        help="only packs (variants) on these runtimes; repeatable",
    )
    add(
        "--device",
        action="append",
        default=[],
        choices=DEVICES,
        help="only these devices (default: cpu where a pack has it); repeatable",
    )
    add(
        "--variant",
        action="append",
        default=[],
        metavar="NAME|all",
        help="run these variants (default: each pack's first); repeatable",
    )
    add(
        "--ci-only",
        action="store_true",
        help="only packs with ci: true that can run here (their stack installed, their secrets "
        "set, their weights found); the ones left out are named, with the command that enables each",
    )
    add(
        "--ci-marked",
        action="store_true",
        help="only packs with ci: true, whether or not they can run here (a pack that cannot "
        "skips its items, naming why)",
    )


def selection_filter(args: argparse.Namespace, *, runnable_only: bool) -> PackFilter:
    """The PackFilter of a command's selection options (add_selection_options); `runnable_only`
    where the packs run on this machine (`audiocontract list --ci-only`), not on others."""
    from pytest_audiocontract.packs.selection import PackFilter

    return PackFilter(
        tuple(args.surface),
        tuple(args.runtime),
        tuple(args.device),
        args.ci_only or args.ci_marked,
        tuple(args.variant),
        runnable_only=runnable_only,
    )


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("audiocontract", "audio model packs (pytest-audiocontract)")
    group.addoption(
        "--model-pack",
        action="append",
        default=[],
        metavar="ID|PATH|all",
        help="run the contracts and claims of this pack (an id, a pack folder, or "
        "'all'); repeatable. Write --model-pack=PATH for a path, so pytest does "
        "not take the path for its rootdir",
    )
    add_selection_options(group.addoption)
    group.addoption(
        "--list-packs", action="store_true", help="list the selected packs (the selector) and exit"
    )
    group.addoption(
        "--contracts-only", action="store_true", help="collect the contract suites, not the claims"
    )
    group.addoption(
        "--claims-only", action="store_true", help="collect the claims (the CI gate), not the contract suites"
    )
    group.addoption(
        "--contract-profile",
        choices=PROFILES,
        default="ci",
        help="Hypothesis profile of the contract suites: 'ci' (derandomised, few "
        "examples; default) or 'thorough'",
    )
    group.addoption(
        "--contract-examples",
        type=int,
        default=None,
        metavar="N",
        help="Hypothesis examples per contract rule (overrides the profile)",
    )
    group.addoption(
        "--max-audio-seconds",
        type=float,
        default=None,
        metavar="S",
        help="longest generated input, in seconds (default 30, or the pack's max_audio_s)",
    )
    group.addoption(
        "--audiocontract-failures",
        default="reports/failures",
        metavar="DIR",
        help="where failing inputs (WAV) and replay records go (default: reports/failures)",
    )
    group.addoption(
        "--audiocontract-bench",
        action="store_true",
        help="also collect the benchmark items (bench::<surface>[<pack>/<input>]); "
        "--benchmark-only collects them too and runs nothing else",
    )
    group.addoption(
        "--audiocontract-benchmark-table",
        action="store_true",
        help="also print pytest-benchmark's own table (shown anyway when a --benchmark-* "
        "display, save or compare option is given)",
    )
    group.addoption(
        "--chunk-ms",
        type=float,
        default=None,
        metavar="MS",
        help="chunk length of the streaming benchmarks, in ms (default: the pack's "
        "asr_stream chunk_ms, else 160)",
    )
    group.addoption(
        "--audiocontract-report",
        default=None,
        metavar="DIR",
        help="write DIR/report.json, report.md and report.html as results arrive",
    )
    add_isolation_options(group.addoption)
    add_scale_options(group.addoption)
    parser.addini(
        "audiocontract_pack_paths",
        type="paths",
        default=[],
        help="folders holding model packs (default: model_packs under rootdir)",
    )


def add_isolation_options(add: Callable[..., object]) -> None:
    """Crash, hang and memory isolation (docs/isolation.md)."""
    add(
        "--isolate",
        action="store_true",
        help="run each pack's model in its own worker process: a crash, a hang or runaway "
        "memory fails that pack's current test, and the run carries on",
    )
    add(
        "--pack-timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="with --isolate (implied): longest a single model call (or load) may take, in "
        "seconds (default 300)",
    )
    add(
        "--pack-memory-limit",
        type=float,
        default=None,
        metavar="MB",
        help="with --isolate (implied): most resident memory a pack's worker may use, in MB "
        "(default: no limit)",
    )


def add_scale_options(add: Callable[..., object]) -> None:
    """Shards, the main job's phases and a Ray pool (docs/scale-out.md)."""
    add(
        "--audiocontract-phase",
        dest="audiocontract_phase",
        choices=("checks", "timed"),
        default=None,
        help="run one phase of the main job (audiocontract main): 'checks' (contracts and the "
        "quality claims, fine under -n) or 'timed' (benchmarks and speed claims, alone on the cores)",
    )
    add(
        "--shard",
        dest="audiocontract_shard",
        default=None,
        metavar="K/N",
        help="run only the K-th of N deterministic shards of the selected items (a pack's "
        "items stay in one shard); the N shards together run every item once",
    )
    add(
        "--shard-durations",
        dest="audiocontract_shard_durations",
        default=None,
        metavar="REPORT",
        help="with --shard: balance the shards by the seconds each pack took in this earlier "
        "report.json (default: by pack count)",
    )
    add(
        "--audiocontract-ray",
        dest="audiocontract_ray",
        default=None,
        metavar="ADDRESS",
        help="run each selected pack as one task on the Ray cluster at ADDRESS (HOST:PORT of "
        "its head node, or auto), one report from all of them (the ray extra)",
    )
    add(
        "--ray-pack-timeout",
        dest="ray_pack_timeout",
        type=float,
        default=1800.0,
        metavar="SECONDS",
        help="with --audiocontract-ray: longest one pack's task may run, in seconds (default 1800)",
    )
    add(
        "--ray-runtime-env",
        dest="ray_runtime_env",
        default=None,
        metavar="FILE",
        help="with --audiocontract-ray: a JSON file mapping tox env names to Ray runtime_env "
        "dicts; each pack's task runs in the one of its env (pip, env_vars, working_dir ...)",
    )
