"""Pipelines: YAML chains of pack surfaces (enhance -> asr, separate -> asr, vad -> asr, ...).

`run_pipeline(path, audio, sr)` validates the file against its packs, runs every step and
returns the final result with each step's artefacts. See docs/pipelines.md.
"""

from __future__ import annotations

from pytest_audiocontract.pipelines.as_model import PipelineModel, pipeline_as_model
from pytest_audiocontract.pipelines.errors import PipelineError, PipelineStepError
from pytest_audiocontract.pipelines.runner import (
    Pipeline,
    PipelineResult,
    find_pipeline,
    load_pipeline,
    run_pipeline,
)
from pytest_audiocontract.pipelines.spec import PipelineClaim, PipelineSpec, StepSpec

__all__ = [
    "Pipeline",
    "PipelineClaim",
    "PipelineError",
    "PipelineModel",
    "PipelineResult",
    "PipelineSpec",
    "PipelineStepError",
    "StepSpec",
    "find_pipeline",
    "load_pipeline",
    "pipeline_as_model",
    "run_pipeline",
]
