"""Read a pipeline YAML file into a `PipelineSpec`, reporting every problem with its line.

A pipeline file::

    name: enhance_asr
    description: RNNoise, then Whisper on the denoised audio
    steps:
      - id: denoise            # unique, [a-z0-9_]+
        pack: rnnoise          # a pack id (or folder path)
        surface: enhance
      - id: transcribe
        pack: faster_whisper
        surface: asr
        variant: tiny_en       # optional; the pack's default variant otherwise
        device: cpu            # optional; cpu where the pack offers it
    claims:                    # optional; measured on the final step's surface
      - metric: wer
        dataset: noisy_speech
        max: 0.4

Step keys: `id`, `pack`, `surface` (required); `variant`, `device`, `stem` (which stem of a
`separate` step feeds the next step), `chunk_ms` (chunk length of an `asr_stream` step, ms).
This module only checks the file's shape; `validate.py` checks it against the packs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pytest_audiocontract.errors import ClaimsProblem
from pytest_audiocontract.metric_names import METRICS
from pytest_audiocontract.pipelines.errors import PipelineError
from pytest_audiocontract.spec.yaml_lines import KeyPath, YamlLines, dotted, load_yaml_lines
from pytest_audiocontract.surfaces import SURFACES

_NAME = re.compile(r"^[a-z0-9_]+$")
_TOP_KEYS = {"name", "description", "steps", "claims"}
_STEP_KEYS = {"id", "pack", "surface", "variant", "device", "stem", "chunk_ms"}
_CLAIM_KEYS = {"metric", "dataset", "max", "min", "tolerance", "device"}


@dataclass(frozen=True)
class StepSpec:
    """One step: `pack`'s `surface`, fed by the step before it (or the pipeline's input)."""

    id: str
    pack: str
    surface: str
    chunk_ms: float = 160.0  # an asr_stream step's chunk length, ms
    stem: str | None = None  # which stem of a separate step feeds the next step
    variant: str | None = None  # None: the pack's default variant
    device: str | None = None  # None: cpu where the pack offers it
    line: int | None = None


@dataclass(frozen=True)
class PipelineClaim:
    """A promise about the whole pipeline, measured on its final surface."""

    metric: str
    bound: str
    value: float
    dataset: str | None = None
    tolerance: float = 0.0
    device: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class PipelineSpec:
    name: str
    description: str
    steps: tuple[StepSpec, ...]
    claims: tuple[PipelineClaim, ...]
    file: Path

    @property
    def final(self) -> StepSpec:
        return self.steps[-1]


def load_spec(path: str | Path) -> PipelineSpec:
    """Parse the pipeline file at `path`; raise PipelineError listing every problem found."""
    file = Path(path)
    shown = str(file)
    from pytest_audiocontract.errors import ClaimsError
    from pytest_audiocontract.spec.bounded_yaml import CLAIMS_LIMITS

    try:  # the bounds of claims.yaml: no duplicate key, alias bomb or non-UTF-8 byte
        data, lines = load_yaml_lines(file, shown, CLAIMS_LIMITS)
    except ClaimsError as exc:
        raise PipelineError(exc.problems) from None
    reader = _Reader(shown, lines)
    spec = reader.pipeline(data, file)
    if reader.problems:
        raise PipelineError(reader.problems)
    assert spec is not None
    return spec


class _Reader:
    def __init__(self, file: str, lines: YamlLines) -> None:
        self.file, self.lines = file, lines
        self.problems: list[ClaimsProblem] = []

    def line(self, path: KeyPath) -> int | None:
        return self.lines.line(path)

    def problem(self, path: KeyPath, message: str) -> None:
        self.problems.append(ClaimsProblem(self.file, self.line(path), dotted(path, "(top level)"), message))

    def unknown_keys(self, raw: Mapping[str, object], allowed: set[str], path: KeyPath) -> None:
        for key in raw:
            if key not in allowed:
                allowed_keys = ", ".join(sorted(allowed))
                self.problem((*path, str(key)), f"unknown key; allowed: {allowed_keys}")

    def text(self, raw: Mapping[str, object], path: KeyPath, *, required: bool = True) -> str | None:
        value = raw.get(str(path[-1]))
        if value is None:
            if required:
                self.problem(path, "missing; should be a non-empty string")
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(path, f"{path[-1]}={value!r}, but should be a non-empty string")
            return None
        return value

    def pipeline(self, data: object, file: Path) -> PipelineSpec | None:
        if not isinstance(data, dict):
            self.problem((), f"is {type(data).__name__}, but should be a mapping with name and steps")
            return None
        self.unknown_keys(data, _TOP_KEYS, ())
        name = self.text(data, ("name",)) or file.stem
        if not _NAME.match(name):
            self.problem(("name",), f"name={name!r}, but should match [a-z0-9_]+")
        steps_raw = data.get("steps")
        if not isinstance(steps_raw, list) or not steps_raw:
            self.problem(
                ("steps",),
                f"steps={steps_raw!r}, but should be a non-empty list of steps (id, pack, surface)",
            )
            steps_raw = []
        steps = [s for i, raw in enumerate(steps_raw) if (s := self.step(raw, i)) is not None]
        ids = [s.id for s in steps]
        for i, step in enumerate(steps):
            if step.id in ids[:i]:
                self.problem(("steps", i, "id"), f"id={step.id!r} is used twice; ids must be unique")
        claims_raw = data.get("claims") or []
        if not isinstance(claims_raw, list):
            self.problem(("claims",), f"claims={claims_raw!r}, but should be a list")
            claims_raw = []
        claims = [c for i, raw in enumerate(claims_raw) if (c := self.claim(raw, i)) is not None]
        description = data.get("description")
        return PipelineSpec(
            name, description if isinstance(description, str) else "", tuple(steps), tuple(claims), file
        )

    def step(self, raw: object, i: int) -> StepSpec | None:
        path: KeyPath = ("steps", i)
        if not isinstance(raw, dict):
            self.problem(path, f"is {type(raw).__name__}, but should be a mapping with id, pack and surface")
            return None
        self.unknown_keys(raw, _STEP_KEYS, path)
        step_id = self.text(raw, (*path, "id"))
        if step_id is not None and not _NAME.match(step_id):
            self.problem((*path, "id"), f"id={step_id!r}, but should match [a-z0-9_]+")
        pack = self.text(raw, (*path, "pack"))
        surface = self.text(raw, (*path, "surface"))
        if surface is not None and surface not in SURFACES:
            self.problem(
                (*path, "surface"), f"surface={surface!r}, but should be one of {', '.join(SURFACES)}"
            )
            surface = None
        chunk_ms = raw.get("chunk_ms", 160.0)
        if isinstance(chunk_ms, bool) or not isinstance(chunk_ms, int | float) or chunk_ms <= 0:
            self.problem(
                (*path, "chunk_ms"), f"chunk_ms={chunk_ms!r}, but should be a positive number of milliseconds"
            )
            chunk_ms = 160.0
        optional = {k: self.text(raw, (*path, k), required=False) for k in ("variant", "device", "stem")}
        if step_id is None or pack is None or surface is None:
            return None
        return StepSpec(
            id=step_id,
            pack=pack,
            surface=surface,
            chunk_ms=float(chunk_ms),
            stem=optional["stem"],
            variant=optional["variant"],
            device=optional["device"],
            line=self.line(path),
        )

    def claim(self, raw: object, i: int) -> PipelineClaim | None:
        path: KeyPath = ("claims", i)
        if not isinstance(raw, dict):
            self.problem(path, f"is {type(raw).__name__}, but should be a mapping with metric and max or min")
            return None
        self.unknown_keys(raw, _CLAIM_KEYS, path)
        metric = self.text(raw, (*path, "metric"))
        if metric is not None and metric not in METRICS:
            self.problem((*path, "metric"), f"metric={metric!r}, but should be one of {', '.join(METRICS)}")
            metric = None
        bounds = [b for b in ("max", "min") if b in raw]
        if len(bounds) != 1:
            self.problem(
                path,
                f"has {' and '.join(bounds) or 'neither max nor min'}, but should "
                "have exactly one of max / min",
            )
            return None
        value = raw[bounds[0]]
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem((*path, bounds[0]), f"{bounds[0]}={value!r}, but should be a number")
            return None
        dataset = self.text(raw, (*path, "dataset"), required=False)
        if metric is not None and METRICS[metric].needs_reference and dataset is None:
            self.problem(
                (*path, "dataset"),
                f"{metric} needs reference data: add dataset: "
                "NAME (a folder under fixtures/) or a manifest path",
            )
        tolerance = raw.get("tolerance", 0.0)
        if isinstance(tolerance, bool) or not isinstance(tolerance, int | float) or tolerance < 0:
            self.problem((*path, "tolerance"), f"tolerance={tolerance!r}, but should be a number >= 0")
            tolerance = 0.0
        if metric is None:
            return None
        return PipelineClaim(
            metric,
            bounds[0],
            float(value),
            dataset,
            float(tolerance),
            self.text(raw, (*path, "device"), required=False),
            self.line(path),
        )
