"""`Pipeline`: a validated chain of steps whose models are loaded once and reused per run."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy.typing as npt

from pytest_audiocontract.audio.resample import as_float32_mono
from pytest_audiocontract.errors import MissingRequirement, PackLoadError
from pytest_audiocontract.pipelines.errors import PipelineStepError
from pytest_audiocontract.pipelines.spec import PipelineSpec, load_spec
from pytest_audiocontract.pipelines.steps import Flow, run_step
from pytest_audiocontract.pipelines.validate import TEXT, ResolvedStep, input_kind, validate

PIPELINES_DIR = Path("config") / "pipelines"

StepCallback = Callable[[int, ResolvedStep, float], None]
"""Called after each step with its index, the step and its duration (s)."""


@dataclass(frozen=True)
class PipelineResult:
    """`final` is the last step's result; `artifacts` holds every step's result by step id,
    in order; `seconds` how long each step took (s)."""

    final: object
    artifacts: dict[str, object]
    seconds: dict[str, float] = field(default_factory=dict)


class Pipeline:
    """A pipeline ready to run: steps resolved to packs, models loaded on first use."""

    def __init__(self, spec: PipelineSpec, steps: list[ResolvedStep]) -> None:
        self.spec = spec
        self.steps = steps
        self._models: dict[tuple[Path, str, str], object] = {}

    def __repr__(self) -> str:
        chain = " -> ".join(s.label.removeprefix("step ") for s in self.steps)
        return f"Pipeline({self.spec.name!r}: {chain})"

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def final_surface(self) -> str:
        return self.spec.final.surface

    @property
    def takes_text(self) -> bool:
        """True when the first step is tts: `run(text=...)` instead of audio."""
        return input_kind(self.spec) == TEXT

    def model(self, step: ResolvedStep) -> object:
        """The model object of `step`, loaded once per (pack, variant, device)."""
        key = (step.pack.root, step.variant, step.device)
        if key not in self._models:
            from pytest_audiocontract.packs.loading import load_model

            try:
                self._models[key] = load_model(step.pack, step.variant, step.device)
            except MissingRequirement as exc:
                raise MissingRequirement(f"pipeline {self.name!r}: {step.label}: {exc}") from exc
            except PackLoadError as exc:
                raise PackLoadError(f"pipeline {self.name!r}: {step.label}: {exc}") from exc
        return self._models[key]

    def load_models(self) -> None:
        """Load every step's model now (otherwise each loads on first use)."""
        for step in self.steps:
            self.model(step)

    def run(
        self,
        audio: npt.ArrayLike | None = None,
        sr: int | None = None,
        *,
        text: str | None = None,
        on_step: StepCallback | None = None,
        on_start: Callable[[int, ResolvedStep], None] | None = None,
    ) -> PipelineResult:
        """Run the chain on `audio` (float32 mono, `sr` Hz), or on `text` when it starts with
        tts. Raises PipelineStepError naming the step that failed."""
        flow = self._input(audio, sr, text)
        artifacts: dict[str, object] = {}
        seconds: dict[str, float] = {}
        result: object = None
        for index, step in enumerate(self.steps):
            model = self.model(step)
            if on_start is not None:
                on_start(index, step)
            started = time.perf_counter()
            try:
                result, flow = run_step(step.step, model, flow)
            except Exception as exc:
                raise PipelineStepError(
                    self.name, step.step.id, step.pack.id, step.step.surface, exc
                ) from exc
            seconds[step.step.id] = time.perf_counter() - started
            artifacts[step.step.id] = result
            if on_step is not None:
                on_step(index, step, seconds[step.step.id])
        return PipelineResult(result, artifacts, seconds)

    def _input(self, audio: npt.ArrayLike | None, sr: int | None, text: str | None) -> Flow:
        if self.takes_text:
            if text is None:
                raise ValueError(f"pipeline {self.name!r} starts with tts: pass text=..., not audio")
            return Flow(text=text)
        if audio is None or sr is None:
            raise ValueError(f"pipeline {self.name!r} takes audio: pass audio and sr (Hz)")
        if isinstance(sr, bool) or not isinstance(sr, int) or sr <= 0:
            raise ValueError(f"sr={sr!r}, but should be a positive int (Hz)")
        return Flow(as_float32_mono(audio), sr)


def find_pipeline(path_or_name: str | Path) -> Path:
    """A pipeline file path as given, or `config/pipelines/<name>.yaml` for a bare name."""
    path = Path(path_or_name)
    if path.is_file() or path.suffix in (".yaml", ".yml"):
        return path
    for root in (Path.cwd(), Path(__file__).resolve().parents[2]):
        candidate = root / PIPELINES_DIR / f"{path_or_name}.yaml"
        if candidate.is_file():
            return candidate
    return path


def load_pipeline(path_or_name: str | Path, pack_roots: Iterable[Path] | None = None) -> Pipeline:
    """Read and validate a pipeline file (or a name under config/pipelines/); loads no model."""
    spec = load_spec(find_pipeline(path_or_name))
    return Pipeline(spec, validate(spec, pack_roots))


def run_pipeline(path: str | Path, audio: npt.ArrayLike, sr: int) -> PipelineResult:
    """Validate the pipeline at `path`, then run it on `audio` (float32 mono, `sr` Hz)."""
    return load_pipeline(path).run(audio, sr)
