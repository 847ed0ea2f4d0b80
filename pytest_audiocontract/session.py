"""One run's state: the options it was given, the models it loaded, what its stages share.

`RunState` is kept in the config stash (`run_state(config)`) and registered with pytest's
plugin manager under `PLUGIN_NAME`, as pytest-xdist registers its DSession: its own hook
methods see every test report (for the report writer) and close the run at unconfigure.
Nothing of a run lives in a module-level global.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pytest_audiocontract.contracts.binding import Binding
    from pytest_audiocontract.contracts.rules import Rule
    from pytest_audiocontract.isolation import IsolationLimits
    from pytest_audiocontract.json_types import JSONObject
    from pytest_audiocontract.packs.selection import PackFilter
    from pytest_audiocontract.results.report import ReportWriter
    from pytest_audiocontract.spec.model import PackSpec
    from pytest_audiocontract.streaming.driver import StreamRun

PLUGIN_NAME = "audiocontract-run"


@dataclass(eq=False)  # a plugin: pluggy keeps its plugins in sets, so identity hashing
class RunState:
    """What one pytest run knows about packs. Each model loads at most once per run."""

    pack_filter: PackFilter
    selected_roots: list[Path] | None  # None: no --model-pack, collect any claims.yaml met
    search_roots: list[Path]
    failures_dir: Path
    profile: str
    max_examples: int | None
    max_audio_s: float | None
    run_contracts: bool = True
    run_claims: bool = True
    isolation: IsolationLimits | None = None  # set: each model runs in a worker process
    bindings: dict[tuple[str, str, str], Binding | BaseException] = field(default_factory=dict)
    children_before: frozenset[int] | None = None  # this process's children before a model loaded
    pack_ids: dict[str, Path] = field(default_factory=dict)  # id -> the first folder collected with it
    bench_only: bool = False  # --benchmark-only was given (bench/xdist.py: it may be cleared)
    report: ReportWriter | None = None  # --audiocontract-report's writer (controller only)
    # One run's paced passes, shared by a pack's emission claims on one dataset and chunk length:
    # (binding label, dataset folder, chunk ms) -> the runs.
    paced_stream_runs: dict[tuple[str, str, float], list[StreamRun]] = field(default_factory=dict)
    harness_floors: dict[float, JSONObject] = field(default_factory=dict)  # chunk ms -> floor
    rules: dict[str, list[Rule]] = field(default_factory=dict)  # surface -> this run's rules
    added_metrics: tuple[str, ...] = ()  # registered by plugins for this run (metrics/plugins.py)

    def binding(self, spec: PackSpec, variant: str, device: str) -> Binding:
        """The loaded model for (pack, variant, device); a failed load re-raises the same error."""
        from pytest_audiocontract.contracts.binding import Binding
        from pytest_audiocontract.packs.loading import load_model

        key = (str(spec.root), variant, device)
        if key not in self.bindings:
            if self.children_before is None and self.isolation is None:
                from pytest_audiocontract.isolation.children import descendants

                self.children_before = frozenset(descendants(os.getpid()))
            try:
                model: object
                if self.isolation is not None:
                    from pytest_audiocontract.isolation import isolated_model

                    model = isolated_model(spec, variant, device, self.isolation)
                else:
                    model = load_model(spec, variant, device)
                self.bindings[key] = Binding(spec, variant, device, model)
            except Exception as exc:
                self.bindings[key] = exc
        found = self.bindings[key]
        if isinstance(found, BaseException):
            raise found
        return found

    def close(self) -> None:
        """Stop the worker processes of isolated models, and end the processes that models
        loaded in this process started (any child not there before the first model loaded)."""
        for found in self.bindings.values():
            close_worker = getattr(getattr(found, "model", None), "close_worker", None)
            if close_worker is not None:
                close_worker()
        if self.children_before is not None:
            from pytest_audiocontract.isolation.children import end_descendants

            end_descendants(keep=self.children_before)

    def rules_for(self, surface: str, config: pytest.Config) -> list[Rule]:
        """The surface's built-in rules (contracts/rules.py), then those plugins add through
        the pytest_audiocontract_rules hook (hookspecs.py); asked once per surface per run."""
        if surface not in self.rules:
            from pytest_audiocontract.contracts import rules_for

            added = [
                r for found in config.hook.pytest_audiocontract_rules(surface=surface) for r in found or []
            ]
            for rule in added:
                if rule.surface != surface:
                    raise pytest.UsageError(
                        f"a pytest_audiocontract_rules(surface={surface!r}) hook returned rule "
                        f"{rule.id}, but should return rules of surface {surface!r} only"
                    )
            self.rules[surface] = [*rules_for(surface), *added]
        return self.rules[surface]

    def wants(self, claims_file: Path) -> bool:
        if self.selected_roots is None:
            return True
        return claims_file.parent.resolve() in self.selected_roots

    # Hooks: this object is a plugin of its run (see the module docstring).

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if self.report is not None and not self.report.finished:
            self.report.add(report)

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        self.close()
        if self.added_metrics:
            from pytest_audiocontract.metric_names import remove_metrics

            remove_metrics(self.added_metrics)


RUN_STATE = pytest.StashKey[RunState]()


def start_run(config: pytest.Config, state: RunState) -> None:
    """Make `state` this run's state: stashed, and registered as a plugin for its hooks."""
    config.stash[RUN_STATE] = state
    config.pluginmanager.register(state, PLUGIN_NAME)


def run_state(config: pytest.Config) -> RunState:
    return config.stash[RUN_STATE]
