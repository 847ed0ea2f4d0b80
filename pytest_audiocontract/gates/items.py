"""Claims as test items: `claims::wer<=0.25[faster_whisper/speech_en]` gates the run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pytest_audiocontract.item_key import ItemKey, NodeArgs, child_nodeid, tag
from pytest_audiocontract.metric_names import METRICS
from pytest_audiocontract.session import RunState, run_state
from pytest_audiocontract.spec.model import Claim, PackSpec

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr  # pytest's failure text type; no public name

    from pytest_audiocontract.contracts.binding import Binding


class ClaimFailed(AssertionError):
    """The measured figure is outside what the pack claims."""


class ClaimsCollector(pytest.Collector):
    def __init__(self, *, spec: PackSpec, claims: list[Claim], **kwargs: NodeArgs) -> None:
        super().__init__(**kwargs)
        self.spec, self.claims = spec, claims

    def collect(self) -> Iterator[pytest.Item]:
        names = [_name(self.spec, c, with_surface=False) for c in self.claims]
        counts = Counter(names)
        for claim, name in zip(self.claims, names, strict=True):
            if counts[name] > 1:
                name = _name(self.spec, claim, with_surface=True)
            item = ClaimItem.from_parent(
                self, name=name, nodeid=child_nodeid(self, name), spec=self.spec, claim=claim
            )
            label = claim.label()
            tag(
                item,
                ItemKey(
                    "claim",
                    self.spec.id,
                    "claims",
                    name,
                    surface=claim.surface,
                    rule=label,
                    variant=item.variant,
                    device=item.device,
                ),
            )
            if claim.xfail:
                item.add_marker(
                    pytest.mark.xfail(
                        reason=f"known failure: {claim.xfail}", raises=ClaimFailed, strict=False
                    )
                )
            yield item


def _name(spec: PackSpec, claim: Claim, *, with_surface: bool) -> str:
    source = claim.dataset or "synthetic"
    parts = [spec.id]
    if claim.variant and claim.variant != spec.default_variant:
        parts.append(claim.variant)
    if with_surface:
        parts.append(claim.surface)
    return f"{claim.label()}[{'/'.join([*parts, source])}]"


class ClaimItem(pytest.Item):
    def __init__(self, *, spec: PackSpec, claim: Claim, **kwargs: NodeArgs) -> None:
        super().__init__(**kwargs)
        self.spec, self.claim = spec, claim
        self.variant = claim.variant or spec.default_variant
        self.device = claim.device or ("cpu" if "cpu" in spec.devices else spec.devices[0])

    def setup(self) -> None:
        # Checked before the model loads: a missing metric library is a skip naming the extra.
        from pytest_audiocontract import skip_causes
        from pytest_audiocontract.errors import MissingRequirement
        from pytest_audiocontract.metric_names import METRICS_EXTRA_HINT, missing_metric_library

        missing = missing_metric_library(self.claim.metric)
        if missing:
            skip_causes.skip_item(
                self,
                f"{self.spec.id}: claim {self.claim.label()} not measured: {missing}",
                skip_causes.METRIC_LIBRARY,
                METRICS_EXTRA_HINT,
                detail=self.claim.metric,
            )
        try:
            run_state(self.config).binding(self.spec, self.variant, self.device)
        except MissingRequirement as exc:
            # Reported at the pack (its claims.yaml), not at this line of the plugin.
            skip_causes.skip_missing(self, exc)

    def runtest(self) -> None:
        from pytest_audiocontract.errors import MissingRequirement
        from pytest_audiocontract.gates.measure import ClaimContext, measure
        from pytest_audiocontract.gates.sources import resolve_dataset
        from pytest_audiocontract.results.fingerprint import device_fingerprint
        from pytest_audiocontract.results.records import attach

        state = run_state(self.config)
        claim = self.claim
        dataset = (
            resolve_dataset(claim.dataset, self.spec.root, self.config.rootpath) if claim.dataset else None
        )
        chunk_ms = claim.chunk_ms or float(self.spec.facts(claim.surface).get("chunk_ms", 160))
        context = ClaimContext(
            claim,
            state.binding(self.spec, self.variant, self.device),
            dataset,
            _via(state, self.spec, claim),
            chunk_ms,
            state.isolation,
            paced_runs=state.paced_stream_runs,
        )
        try:
            measured = measure(context)
        except MissingRequirement as exc:  # a library found missing only while measuring
            from pytest_audiocontract import skip_causes

            skip_causes.skip_missing(self, exc, f"{self.spec.id}: claim {claim.label()} not measured: {exc}")
        passed = claim.holds(measured.value)
        attach(
            self,
            {
                "kind": "claim",
                "pack": self.spec.id,
                "variant": self.variant,
                "device": self.device,
                "surface": claim.surface,
                "metric": claim.metric,
                "bound": claim.bound,
                "claimed": claim.value,
                "tolerance": claim.tolerance,
                "measured": measured.value,
                "unit": METRICS[claim.metric].unit,
                "higher_is_better": claim.higher_is_better,
                "dataset": claim.dataset,
                "passed": passed,
                "xfail": claim.xfail,
                "details": measured.details,
                "device_fingerprint": device_fingerprint(self.device),
            },
        )
        if not passed:
            raise ClaimFailed(self.headline(measured.value, measured.details))

    def headline(self, value: float, details: Mapping[str, object]) -> str:
        claim = self.claim
        tolerance = f" (tolerance {claim.tolerance:g})" if claim.tolerance else ""
        where = details.get("inputs") or f"dataset {claim.dataset}"
        stamp = f", normaliser {details['normaliser']}" if "normaliser" in details else ""
        return (
            f"{self.spec.id}/{claim.surface}: {claim.metric}={value:.4g} measured, but "
            f"claims.yaml promises {claim.metric} {claim.symbol} {claim.value:g}{tolerance} "
            f"[{self.variant} on {self.device}, {where}{stamp}; "
            f"{self.spec.claims_file}:{claim.line}]"
        )

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: str | None = None
    ) -> str | TerminalRepr:
        from pytest_audiocontract.errors import ClaimsError, PackLoadError
        from pytest_audiocontract.gates.measure import ClaimNotMeasurable

        error = excinfo.value
        if isinstance(error, ClaimFailed):
            return str(error)
        if isinstance(error, (ClaimNotMeasurable, ClaimsError)):
            return (
                f"{self.spec.id}: claim {self.claim.label()} at "
                f"{self.spec.claims_file}:{self.claim.line} cannot be measured: {error}"
            )
        if isinstance(error, PackLoadError):
            return f"pack failed to load, so the claim could not be measured:\n{error}"
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = self.claim.line - 1 if self.claim.line else 0
        return self.spec.claims_file, line, f"{self.spec.id}: claim {self.claim.label()}"


def _via(state: RunState, spec: PackSpec, claim: Claim) -> Callable[[], Binding] | None:
    if not claim.via:
        return None

    def binding() -> Binding:
        from pytest_audiocontract.packs.discovery import read_pack, resolve

        roots = [*state.search_roots, spec.root.parent]
        root = resolve([str(claim.via)], roots, spec.root)[0]
        found = read_pack(root)
        if found.spec is None:
            raise found.error or RuntimeError(f"pack {claim.via!r} cannot be read")
        return state.binding(found.spec, found.spec.default_variant, "cpu")

    return binding
