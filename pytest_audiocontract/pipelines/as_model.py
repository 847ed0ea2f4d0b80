"""`pipeline_as_model`: a pipeline seen as a pack's model object, for the claims engine.

The object has the final surface's method (`transcribe`, `enhance`, `transcribe_notes`, ...),
so whatever measures a pack's model can measure the pipeline the same way.
"""

from __future__ import annotations

from collections.abc import Callable

from pytest_audiocontract.pipelines.runner import Pipeline
from pytest_audiocontract.surfaces import AUDIO_IN_SURFACES as _AUDIO_SURFACES
from pytest_audiocontract.surfaces import SURFACES
from pytest_audiocontract.types import AudioArray, Classification


class PipelineModel:
    """Runs the whole pipeline for each call of the final surface's method."""

    def __init__(self, pipeline: Pipeline) -> None:
        surface = pipeline.final_surface
        if surface not in _AUDIO_SURFACES or pipeline.takes_text:
            raise ValueError(
                f"pipeline {pipeline.name!r} ends in {surface} and takes "
                f"{'text' if pipeline.takes_text else 'audio'}: only pipelines from audio to "
                f"one of {', '.join(_AUDIO_SURFACES)} can stand in for a model"
            )
        self.pipeline = pipeline
        self.surface = surface
        self.method = SURFACES[surface].method

    def __repr__(self) -> str:
        return f"PipelineModel({self.pipeline!r})"

    def __dir__(self) -> list[str]:
        # the method is answered by __getattr__; dir() must list it for --isolate's worker,
        # which offers the parent process the methods dir() finds
        return sorted({*super().__dir__(), self.method})

    def __getattr__(self, name: str) -> Callable[..., object]:
        if name == self.__dict__.get("method"):
            return self._call
        raise AttributeError(
            f"pipeline {self.pipeline.name!r} ends in {self.surface}: it "
            f"offers {self.method}(audio, sr), not {name}"
        )

    def _call(self, audio: AudioArray, sr: int, top_k: int | None = None) -> object:
        final = self.pipeline.run(audio, sr).final
        if top_k is not None and isinstance(final, Classification):
            return Classification(final.labels[:top_k])
        return final


def pipeline_as_model(pipeline: Pipeline) -> PipelineModel:
    """An object with the final surface's method that runs `pipeline` on each call."""
    return PipelineModel(pipeline)
