"""Set a run up from its options: pack selection, and what to collect.

Nothing here imports Hypothesis: `pytest --help` runs this hook too.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pytest_audiocontract.packs.selection import PackFilter
from pytest_audiocontract.session import RunState, run_state, start_run

if TYPE_CHECKING:
    from pytest_audiocontract.isolation import IsolationLimits


def search_roots(config: pytest.Config) -> list[Path]:
    roots = [Path(p) for p in config.getini("audiocontract_pack_paths")]
    if not roots:
        roots = [config.rootpath / "model_packs"]
    roots += [Path(p).resolve() for p in config.getoption("pack_path")]
    return roots


def pack_filter(config: pytest.Config) -> PackFilter:
    return PackFilter(
        surfaces=tuple(config.getoption("surface")),
        runtimes=tuple(config.getoption("runtime")),
        devices=tuple(config.getoption("device")),
        ci_only=config.getoption("ci_only") or config.getoption("ci_marked"),
        variants=tuple(config.getoption("variant")),
        runnable_only=config.getoption("ci_only"),
    )


def configure_run(config: pytest.Config) -> None:
    state = new_run_state(config)
    start_run(config, state)
    added = [m for found in config.hook.pytest_audiocontract_metrics() for m in found or []]
    if added:
        from pytest_audiocontract.metric_names import add_metrics

        try:
            state.added_metrics = add_metrics(added)
        except ValueError as exc:
            raise pytest.UsageError(str(exc)) from None


def new_run_state(config: pytest.Config) -> RunState:
    """The run's state from its options (raises pytest.UsageError for a pack not found)."""
    roots = search_roots(config)
    values = config.getoption("model_pack") or default_packs(config)
    selected = None
    if values:
        from pytest_audiocontract.packs.discovery import PackNotFound, resolve

        try:
            selected = resolve(values, roots, Path(config.invocation_params.dir))
        except PackNotFound as exc:
            raise pytest.UsageError(str(exc)) from None
        _collect_selected_packs(config, selected)
    failures = Path(config.getoption("audiocontract_failures"))
    return RunState(
        pack_filter=pack_filter(config),
        selected_roots=selected,
        search_roots=roots,
        failures_dir=failures if failures.is_absolute() else Path(config.invocation_params.dir) / failures,
        profile=config.getoption("contract_profile"),
        max_examples=config.getoption("contract_examples"),
        max_audio_s=config.getoption("max_audio_seconds"),
        run_contracts=not config.getoption("claims_only"),
        run_claims=not config.getoption("contracts_only"),
        isolation=isolation_limits(config),
        bench_only=bool(config.getoption("benchmark_only", False)),
    )


def default_packs(config: pytest.Config) -> list[str]:
    """The tox environments select their packs this way, so `tox -e onnx -- --model-pack piper`
    narrows the selection instead of adding to it. Test paths on the command line win: then
    the variable selects nothing."""
    if config.args_source == pytest.Config.ArgsSource.ARGS:
        return []
    value = os.environ.get("AUDIOCONTRACT_MODEL_PACK", "")
    return [v.strip() for v in value.split(",") if v.strip()]


def isolation_limits(config: pytest.Config) -> IsolationLimits | None:
    timeout, memory = config.getoption("pack_timeout"), config.getoption("pack_memory_limit")
    if not (config.getoption("isolate") or timeout is not None or memory is not None):
        return None
    from pytest_audiocontract.isolation import IsolationLimits

    for name, value in (("--pack-timeout", timeout), ("--pack-memory-limit", memory)):
        if value is not None and value <= 0:
            raise pytest.UsageError(f"{name}={value:g}, but should be a positive number")
    return IsolationLimits(timeout_s=timeout if timeout is not None else 300.0, memory_mb=memory)


def _collect_selected_packs(config: pytest.Config, selected: list[Path]) -> None:
    """`--model-pack` alone means "collect these packs", not the project's testpaths."""
    packs = [str(p) for p in selected]
    if config.args_source == pytest.Config.ArgsSource.ARGS:
        config.args = [*config.args, *packs]
    else:
        config.args = packs
        config.args_source = pytest.Config.ArgsSource.ARGS


def report_header(config: pytest.Config) -> list[str]:
    state = run_state(config)
    if state.selected_roots is None:
        return []
    from pytest_audiocontract.hypothesis_profiles import contract_profile

    profile = contract_profile(state.profile)
    examples = state.max_examples or profile.max_examples
    return [
        f"audiocontract: {len(state.selected_roots)} pack(s), profile {state.profile} "
        f"({examples} examples per rule), failures to {state.failures_dir}"
    ]


def print_pack_list(config: pytest.Config) -> int:
    """--list-packs: the selected packs as a table, before (instead of) configuring the run."""
    from pytest_audiocontract.packs.listing import pack_rows, render_table

    state = new_run_state(config)
    rows = pack_rows(state.search_roots, state.pack_filter, state.selected_roots)
    print(render_table(rows))
    return 0
