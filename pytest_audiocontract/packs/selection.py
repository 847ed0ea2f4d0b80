"""The selector (seed LCS-Z): filter packs by surface, runtime, device and CI safety."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pytest_audiocontract.packs.readiness import Blocker
    from pytest_audiocontract.spec.model import PackSpec


@dataclass(frozen=True)
class PackFilter:
    """Empty tuples mean 'any'. `variants` may hold `all` to select every variant.

    `ci_only` keeps the packs marked `ci: true`; `runnable_only` also drops the variants (and so
    the packs) that cannot run on this machine: a stack not installed, a secret not set, weights
    not found. The `--ci-only` option sets both, `--ci-marked` only the first."""

    surfaces: tuple[str, ...] = ()
    runtimes: tuple[str, ...] = ()
    devices: tuple[str, ...] = ()
    ci_only: bool = False
    variants: tuple[str, ...] = ()
    runnable_only: bool = False

    def accepts(self, spec: PackSpec) -> bool:
        return (
            (not self.ci_only or spec.ci)
            and (not self.surfaces or any(s in spec.surfaces for s in self.surfaces))
            and any(self.runs_on_runtime(spec, v) for v in spec.variants)
            and (not self.devices or any(d in spec.devices for d in self.devices))
            and (not self.runnable_only or bool(self.variants_of(spec)))
        )

    def left_out(self, spec: PackSpec) -> Blocker | None:
        """Why `runnable_only` leaves out a pack the rest of the filter accepts (None: it does
        not): the blocker of its first selected variant."""
        if not self.runnable_only or self.accepts(spec):
            return None
        anywhere = replace(self, runnable_only=False)
        if not anywhere.accepts(spec):
            return None
        from pytest_audiocontract.packs.readiness import blocker_of

        return blocker_of(spec, anywhere.variants_of(spec)[0])

    def surfaces_of(self, spec: PackSpec) -> list[str]:
        return [s for s in spec.surfaces if not self.surfaces or s in self.surfaces]

    def variants_of(self, spec: PackSpec) -> list[str]:
        if "all" in self.variants:
            chosen = list(spec.variants)
        elif self.variants:
            chosen = [v for v in spec.variants if v in self.variants]
        else:
            # The default variant; under --runtime, the first variant on it, so the pytorch
            # env runs silero_vad's pytorch variant rather than nothing.
            chosen = [v for v in spec.variants if self.runs_on_runtime(spec, v)][:1]
        chosen = [v for v in chosen if self.runs_on_runtime(spec, v)]
        if self.runnable_only:
            from pytest_audiocontract.packs.readiness import blocker_of

            chosen = [v for v in chosen if blocker_of(spec, v) is None]
        return chosen

    def claims_variant(self, spec: PackSpec, variant: str | None) -> bool:
        """Whether a claim on `variant` (None: the default) is gated: every claim unless
        --variant names others."""
        if not self.variants or "all" in self.variants:
            return True
        return (variant or spec.default_variant) in self.variants

    def runs_on_runtime(self, spec: PackSpec, variant: str) -> bool:
        """Whether `variant` runs on a selected runtime (any, when none is selected)."""
        return not self.runtimes or spec.runtime_of(variant) in self.runtimes

    def devices_of(self, spec: PackSpec) -> list[str]:
        if self.devices:
            return [d for d in spec.devices if d in self.devices]
        return ["cpu"] if "cpu" in spec.devices else [spec.devices[0]]


def select(specs: Iterable[PackSpec], pack_filter: PackFilter) -> list[PackSpec]:
    return [s for s in specs if pack_filter.accepts(s)]


def list_models_by_filter(
    specs: Iterable[PackSpec] | None = None,
    *,
    surface: str | None = None,
    runtime: str | None = None,
    device: str | None = None,
    ci: bool | None = None,
) -> list[PackSpec]:
    """The seed's selector call, kept for its users: `ci=False` selects the non-CI packs.

    Without `specs`, the packs in model_packs/ (of the working directory, then of the
    project) are read first; packs whose claims.yaml is invalid are left out.
    """
    chosen = select(
        discovered_specs() if specs is None else specs,
        PackFilter(
            surfaces=(surface,) if surface else (),
            runtimes=(runtime,) if runtime else (),
            devices=(device,) if device else (),
            ci_only=bool(ci),
        ),
    )
    return [s for s in chosen if ci is not False or not s.ci]


def get_streaming_models(specs: Iterable[PackSpec] | None = None) -> list[PackSpec]:
    """Packs that declare asr_stream."""
    return list_models_by_filter(specs, surface="asr_stream")


def get_ci_safe_models(specs: Iterable[PackSpec] | None = None) -> list[PackSpec]:
    """Packs marked `ci: true` (weights from packages, no network, no secrets)."""
    return list_models_by_filter(specs, ci=True)


def get_models_by_runtime(runtime: str, specs: Iterable[PackSpec] | None = None) -> list[PackSpec]:
    """Packs with a variant on `runtime` (onnx, pytorch, ...)."""
    return list_models_by_filter(specs, runtime=runtime)


def discovered_specs(search_roots: Iterable[Path] | None = None) -> list[PackSpec]:
    """The valid packs under `search_roots` (default: model_packs/ of the working directory,
    then the project's), each id once, in folder order."""
    from pytest_audiocontract.packs.discovery import default_pack_roots, discover

    specs: dict[str, PackSpec] = {}
    for found in discover(default_pack_roots() if search_roots is None else search_roots):
        if found.spec is not None:
            specs.setdefault(found.spec.id, found.spec)
    return list(specs.values())
