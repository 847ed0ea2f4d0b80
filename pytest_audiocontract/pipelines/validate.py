"""Check a parsed pipeline against its packs before anything runs.

Each step's pack must exist and declare the step's surface (and variant, device, stem), and
each step's output must fit the next step's input:

- audio flows out of `enhance`, `tts` and `separate` with a `stem:`, into any surface that
  takes audio (everything but `tts`);
- `vad` gives speech regions, which only an `asr` step takes (it transcribes each region);
- `diarize` gives speaker turns, which only an `asr` step takes (it transcribes each turn and
  labels the segments with the turn's speaker), or it ends the pipeline;
- every other surface gives a final result (a transcript, notes, labels, ...), so it ends
  the pipeline;
- `tts` takes text, so it can only be the first step.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pytest_audiocontract.errors import ClaimsProblem
from pytest_audiocontract.packs.discovery import PackNotFound, default_pack_roots, read_pack, resolve
from pytest_audiocontract.pipelines.errors import PipelineError
from pytest_audiocontract.pipelines.spec import PipelineSpec, StepSpec
from pytest_audiocontract.spec.model import PackSpec
from pytest_audiocontract.surfaces import SURFACES

AUDIO, REGIONS, TURNS, TEXT = "audio", "speech regions", "speaker turns", "text"


@dataclass(frozen=True)
class ResolvedStep:
    """A step with its pack's spec and the variant and device it will run with."""

    step: StepSpec
    pack: PackSpec
    variant: str
    device: str

    @property
    def label(self) -> str:
        """`step 'denoise' (rnnoise/enhance)`: how errors name a step."""
        return f"step {self.step.id!r} ({self.pack.id}/{self.step.surface})"


def input_kind(spec: PipelineSpec) -> str:
    """What the pipeline takes: text when it starts with tts, audio otherwise."""
    return TEXT if spec.steps[0].surface == "tts" else AUDIO


def output_kind(step: StepSpec) -> str:
    """What a step hands on: audio, speech regions, speaker turns, or a result type's name (final only)."""
    if step.surface in ("enhance", "tts") or (step.surface == "separate" and step.stem):
        return AUDIO
    if step.surface == "vad":
        return REGIONS
    if step.surface == "diarize":
        return TURNS
    return SURFACES[step.surface].result_type.__name__


def validate(spec: PipelineSpec, pack_roots: Iterable[Path] | None = None) -> list[ResolvedStep]:
    """Resolve every step's pack and check the chain; raise PipelineError with every problem."""
    roots = list(pack_roots) if pack_roots is not None else default_pack_roots()
    checker = _Checker(spec)
    resolved = [r for step in spec.steps if (r := checker.resolve(step, roots)) is not None]
    checker.check_flow()
    if checker.problems:
        raise PipelineError(checker.problems)
    return resolved


class _Checker:
    def __init__(self, spec: PipelineSpec) -> None:
        self.spec = spec
        self.problems: list[ClaimsProblem] = []

    def problem(self, step: StepSpec, key: str, message: str) -> None:
        where = f"steps.{step.id}.{key}"
        self.problems.append(ClaimsProblem(str(self.spec.file), step.line, where, message))

    def resolve(self, step: StepSpec, roots: list[Path]) -> ResolvedStep | None:
        name = f"step {step.id!r} ({step.pack}/{step.surface})"
        try:
            folder = resolve([step.pack], roots, self.spec.file.parent)[0]
        except PackNotFound as exc:
            self.problem(step, "pack", f"{name}: {exc}")
            return None
        found = read_pack(folder)
        if found.spec is None:
            detail = "; ".join(str(p) for p in found.error.problems) if found.error else ""
            self.problem(
                step,
                "pack",
                f"{name}: the pack's claims.yaml is invalid ({detail}); "
                f"check it with `audiocontract validate {folder}`",
            )
            return None
        pack = found.spec
        if step.surface not in pack.surfaces:
            self.problem(
                step,
                "surface",
                f"{name}: pack {pack.id!r} does not declare surface "
                f"{step.surface!r}; it offers "
                f"{', '.join(pack.surfaces)}",
            )
            return None
        variant = step.variant or pack.default_variant
        if variant not in pack.variants:
            self.problem(
                step,
                "variant",
                f"{name}: variant={variant!r}, but pack {pack.id!r} offers {', '.join(pack.variants)}",
            )
        device = step.device or ("cpu" if "cpu" in pack.devices else pack.devices[0])
        if device not in pack.devices:
            self.problem(
                step,
                "device",
                f"{name}: device={device!r}, but pack {pack.id!r} runs on {', '.join(pack.devices)}",
            )
        self.check_stem(step, pack, name)
        return ResolvedStep(step, pack, variant, device)

    def check_stem(self, step: StepSpec, pack: PackSpec, name: str) -> None:
        if step.stem is None:
            return
        if step.surface != "separate":
            self.problem(step, "stem", f"{name}: stem={step.stem!r} is only for separate steps; remove it")
            return
        stems = list(pack.facts("separate").get("stems") or [])
        if step.stem not in stems:
            self.problem(
                step,
                "stem",
                f"{name}: stem={step.stem!r}, but pack {pack.id!r} "
                f"declares stems {', '.join(map(str, stems)) or '(none)'}",
            )

    def check_flow(self) -> None:
        steps = self.spec.steps
        for before, step in itertools.pairwise(steps):
            given = output_kind(before)
            wanted = self.wanted(step, given)
            if given == wanted:
                continue
            prev = f"step {before.id!r} ({before.pack}/{before.surface})"
            this = f"step {step.id!r} ({step.pack}/{step.surface})"
            self.problem(
                step,
                "surface",
                f"{this} takes {wanted}, but {prev} gives {given}; {_fix(before, step, given)}",
            )

    @staticmethod
    def wanted(step: StepSpec, given: str) -> str:
        if step.surface == "tts":
            return TEXT
        if step.surface == "asr" and given in (REGIONS, TURNS):
            return given
        return AUDIO


def _fix(before: StepSpec, step: StepSpec, given: str) -> str:
    if step.surface == "tts":
        return "make tts the first step"
    if before.surface == "separate":
        return f"add `stem: NAME` to step {before.id!r} to pass one stem on as audio"
    if given == REGIONS:
        return "speech regions feed only an asr step, which transcribes each region"
    if given == TURNS:
        return "speaker turns feed only an asr step (which transcribes each turn), or end the pipeline"
    return f"a {before.surface} step gives a final result: make it the last step"
