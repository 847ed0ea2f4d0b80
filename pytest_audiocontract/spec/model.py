"""A pack as the plugin sees it once its claims.yaml has been read and checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeAlias

from pytest_audiocontract.metric_names import METRICS

# The tox environment of each runtime (tox.ini has one per runtime family; tests/isolation checks
# the two agree). Runtimes not listed run in the environment of their own name.
_ENVIRONMENT_OF_RUNTIME = {"numpy": "core"}

# A surface's facts (claims.yaml `surfaces.<name>`): YAML values whose shape the schema checks
# (sample_rate an int, labels a list or a file, ...); rules and metrics read them by key.
Facts: TypeAlias = dict[str, Any]


@dataclass(frozen=True)
class Claim:
    """One promise of a pack: `metric` on `surface` stays within `bound` (`max` or `min`)."""

    metric: str
    surface: str
    bound: Literal["max", "min"]  # claims.yaml holds exactly one of `max:` / `min:`
    value: float
    dataset: str | None = None
    device: str | None = None
    variant: str | None = None
    tolerance: float = 0.0
    via: str | None = None
    xfail: str | None = None
    chunk_ms: float | None = None
    collar: float = 0.0  # der, vad_detection_error_rate: seconds removed around reference boundaries
    skip_overlap: bool = False  # der: leave out overlapped reference speech
    line: int | None = None

    @property
    def higher_is_better(self) -> bool:
        return METRICS[self.metric].higher_is_better

    @property
    def symbol(self) -> str:
        return "<=" if self.bound == "max" else ">="

    def label(self) -> str:
        """`wer<=0.2`, `der,collar=0.5<=0.3`: the claim as it reads in test ids and reports."""
        options = f",collar={self.collar:g}" if self.collar else ""
        options += ",skip_overlap" if self.skip_overlap else ""
        return f"{self.metric}{options}{self.symbol}{self.value:g}"

    def holds(self, measured: float) -> bool:
        if self.bound == "max":
            return measured <= self.value + self.tolerance
        return measured >= self.value - self.tolerance


@dataclass(frozen=True)
class WeightsSource:
    """Where a variant's weights come from when no package ships them: the folder named by the
    variable `env`, holding `files`; a `builder` variant falls back to its random-weight cache."""

    env: str
    files: tuple[str, ...]
    upstream: str | None = None
    builder: str | None = None
    verified: str | None = None
    environment: str | None = None  # the tox env that builds and runs these weights


@dataclass(frozen=True)
class PackSpec:
    """Everything claims.yaml says about a pack, with paths resolved against its folder."""

    id: str
    name: str
    adapter_module: str
    adapter_factory: str
    runtime: str
    devices: tuple[str, ...]
    ci: bool
    variants: tuple[str, ...]
    surfaces: dict[str, Facts]
    claims: tuple[Claim, ...]
    root: Path
    claims_file: Path
    environment: str
    variant_runtimes: dict[str, str] = field(default_factory=dict)
    weights: dict[str, WeightsSource] = field(default_factory=dict)
    install: tuple[str, ...] = ()  # requirements installed with pip install --no-deps
    secrets: tuple[str, ...] = ()  # environment variables that must be set (API keys)
    role: str | None = None  # claims.yaml role: model | reference | noop (None: not declared)

    @property
    def default_variant(self) -> str:
        return self.variants[0]

    def runtime_of(self, variant: str) -> str:
        return self.variant_runtimes.get(variant, self.runtime)

    def environment_of(self, variant: str) -> str:
        """The tox environment that runs `variant`: its weights' own (a random-weight build has
        its env), else its runtime's (a variant on another runtime has its own), else the pack's."""
        source = self.weights.get(variant)
        if source is not None and source.environment:
            return source.environment
        runtime = self.runtime_of(variant)
        return self.environment if runtime == self.runtime else default_environment(runtime)

    def facts(self, surface: str) -> Facts:
        return self.surfaces.get(surface) or {}

    @property
    def requirements_file(self) -> Path:
        return self.root / "requirements.txt"


def default_environment(runtime: str) -> str:
    return _ENVIRONMENT_OF_RUNTIME.get(runtime, runtime)
