"""Collection: a claims.yaml becomes a tree of pytest items.

    model_packs/foo/claims.yaml                     PackFile
      enhance                                       SurfaceCollector
        length_matches_input[foo]                   ContractItem (a pytest.Function)

Contract items are real `pytest.Function`s built around a Hypothesis-wrapped callable, so
`-k`, `--lf`, xdist, junitxml and Hypothesis's own pytest integration (shrinking, statistics,
its database) all work on them as on hand-written tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pytest_audiocontract.errors import ClaimsError, ContractViolation, MissingRequirement
from pytest_audiocontract.item_key import ItemKey, NodeArgs, callspec, child_nodeid, tag
from pytest_audiocontract.safe_text import one_line
from pytest_audiocontract.session import RunState, run_state

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr  # pytest's failure text type; no public name

    from pytest_audiocontract.contracts.rules import Rule
    from pytest_audiocontract.spec.model import PackSpec


class PackFile(pytest.File):
    """A pack's claims.yaml: yields one collector per selected surface (and the claims)."""

    def collect(self) -> Iterator[pytest.Item | pytest.Collector]:
        from pytest_audiocontract.spec.loader import load_pack_spec

        state = run_state(self.config)
        try:
            spec = load_pack_spec(self.path)
        except ClaimsError as exc:
            yield self.problem(one_line(self.path.parent.name), "valid", str(exc))
            return
        if not state.pack_filter.accepts(spec):
            return
        first = state.pack_ids.setdefault(spec.id, spec.root)
        if first != spec.root:
            # Two packs with one id would share a report entry, a model cache and node ids.
            message = (
                f"{self.path}: id: {spec.id!r} is also the id of {first / 'claims.yaml'}, collected "
                "first; pack ids must be unique, so this pack was not run: give one of them another id"
            )
            yield self.problem(_shown(self.path.parent, self.config.rootpath), "unique_id", message)
            return
        combos = [
            (v, d) for v in state.pack_filter.variants_of(spec) for d in state.pack_filter.devices_of(spec)
        ]
        surfaces = state.pack_filter.surfaces_of(spec)
        from pytest_audiocontract.bench.items import BenchCollector, bench_enabled
        from pytest_audiocontract.bench.xdist import bench_only as only_benchmarks

        bench_only = only_benchmarks(self.config)
        if state.run_contracts and not bench_only:
            for surface in surfaces:
                yield SurfaceCollector.from_parent(self, name=surface, spec=spec, combos=combos)
            from pytest_audiocontract.lint_claims import DocsCollector

            yield DocsCollector.from_parent(self, name="docs", spec=spec)
        if bench_enabled(self.config):
            yield BenchCollector.from_parent(self, name="bench", spec=spec, surfaces=surfaces, combos=combos)
        # A claim on a variant of another runtime is measured in that runtime's environment.
        claims = [
            c
            for c in spec.claims
            if c.surface in surfaces
            and state.pack_filter.runs_on_runtime(spec, c.variant or spec.default_variant)
            and state.pack_filter.claims_variant(spec, c.variant)
        ]
        if state.run_claims and claims and not bench_only:
            from pytest_audiocontract.gates.items import ClaimsCollector

            yield ClaimsCollector.from_parent(self, name="claims", spec=spec, claims=claims)

    def problem(self, pack: str, rule: str, message: str) -> ProblemItem:
        """An item that fails with `message`, standing for a pack that cannot be collected;
        reported under `pack` (its folder, as no valid id is known)."""
        name = f"claims::{rule}[{pack}]"
        item = ProblemItem.from_parent(self, name=name, nodeid=child_nodeid(self, name), problem=message)
        item.validate_hint = rule == "valid"
        tag(item, ItemKey("problem", pack, "claims", name, rule=rule))
        return item


def _shown(folder: Path, rootdir: Path) -> str:
    try:
        return folder.resolve().relative_to(rootdir.resolve()).as_posix()
    except ValueError:
        return folder.name


class SurfaceCollector(pytest.Collector):
    def __init__(self, *, spec: PackSpec, combos: list[tuple[str, str]], **kwargs: NodeArgs) -> None:
        super().__init__(**kwargs)
        self.spec = spec
        self.combos = combos

    def collect(self) -> Iterator[pytest.Item]:
        state = run_state(self.config)
        for rule in state.rules_for(self.name, self.config):
            for variant, device in self.combos:
                label = combo_id(self.spec, variant, device)
                name = f"{rule.name}[{label}]"
                item = ContractItem.from_parent(
                    self,
                    name=name,
                    originalname=rule.name,
                    callspec=callspec(label),
                    callobj=_built_at_setup,
                    rule=rule,
                    spec=self.spec,
                    variant=variant,
                    device=device,
                )
                key = ItemKey(
                    "contract",
                    self.spec.id,
                    self.name,
                    name,
                    surface=rule.surface,
                    rule=rule.name,
                    variant=variant,
                    device=device,
                )
                tag(item, key)
                yield item

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, 0, f"{self.spec.id} {self.name}"


def _built_at_setup() -> None:
    """A contract item's callable until its setup builds the Hypothesis test it runs."""
    raise RuntimeError("a contract item ran without its setup (ContractItem.setup builds its test)")


def combo_id(spec: PackSpec, variant: str, device: str) -> str:
    """The pack, with its variant and device where they are not the default and the CPU."""
    if variant == spec.default_variant and device == "cpu":
        return str(spec.id)
    return f"{spec.id}-{variant}-{device}"


class ContractItem(pytest.Function):
    """One contract rule on one pack (variant, device)."""

    def __init__(self, *, rule: Rule, spec: PackSpec, variant: str, device: str, **kwargs: NodeArgs) -> None:
        super().__init__(**kwargs)
        self.rule, self.spec, self.variant, self.device = rule, spec, variant, device
        self.add_marker(pytest.mark.audiocontract(pack=spec.id, surface=rule.surface, rule=rule.name))
        if not rule.stateful:
            # As Hypothesis's plugin marks a collected @given test; this item's is built at setup.
            self.add_marker(pytest.mark.hypothesis)

    def setup(self) -> None:
        state: RunState = run_state(self.config)
        from pytest_audiocontract import skip_causes

        reason = self.rule.applies(self.spec.facts(self.rule.surface))
        cause = skip_causes.DOES_NOT_APPLY
        if not reason and self.rule.judges_behaviour:
            from pytest_audiocontract.contracts.rules import random_weights_reason

            reason, cause = random_weights_reason(self.spec, self.variant), skip_causes.RANDOM_WEIGHTS
        if reason:
            skip_causes.skip_item(self, f"{self.rule.id} does not apply: {reason}", cause)
        try:
            state.binding(self.spec, self.variant, self.device)
        except MissingRequirement as exc:
            # Reported at the pack (its claims.yaml), not at this line of the plugin.
            skip_causes.skip_missing(self, exc)
        if self.obj is _built_at_setup:
            # Built here, not at collection (1200 Hypothesis tests for 200 packs, most never
            # run in a selective session); Hypothesis's plugin sees the built test at the call.
            from pytest_audiocontract.contracts.runner import build_test

            self.obj = build_test(self.rule, self.spec, self.variant, self.device, state, nodeid=self.nodeid)
        super().setup()

    def runtest(self) -> None:
        try:
            super().runtest()
        finally:
            # Hypothesis would write a patch adding @example to our generated function: no use.
            self.__dict__.pop("_hypothesis_failing_examples", None)

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: str | None = None
    ) -> str | TerminalRepr:
        from pytest_audiocontract.errors import PackLoadError

        error = excinfo.value
        if isinstance(error, PackLoadError):
            return f"pack failed to load, so no contract could run:\n{error}"
        if isinstance(error, ContractViolation):
            notes = [n for n in getattr(error, "__notes__", []) if n.strip()]
            return "\n".join([error.headline(), *notes])
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.spec.claims_file, 0, f"{self.spec.id}: {self.rule.id}"


class ProblemItem(pytest.Item):
    """Stands for a pack that cannot be collected (a malformed claims.yaml): fails with why."""

    def __init__(self, *, problem: str, **kwargs: NodeArgs) -> None:
        super().__init__(**kwargs)
        self.problem = problem
        self.validate_hint = True

    def runtest(self) -> None:
        raise ClaimsError([])

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: str | None = None) -> str:
        hint = f"\nCheck it alone with: audiocontract validate {self.path.parent}"
        return (
            "claims.yaml cannot be used, so this pack's contracts were not collected:\n"
            f"{self.problem}{hint if self.validate_hint else ''}"
        )

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, 0, self.name
