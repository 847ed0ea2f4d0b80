"""Errors of pipelines: a file that cannot be used, and a step that failed while running."""

from __future__ import annotations

from pytest_audiocontract.errors import AudioContractError, ClaimsProblem


class PipelineError(AudioContractError):
    """A pipeline file that cannot run as written; lists every problem (file, line, key)."""

    def __init__(self, problems: list[ClaimsProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class PipelineStepError(AudioContractError):
    """A step raised while the pipeline ran; the message names the step, pack and surface."""

    def __init__(self, pipeline: str, step_id: str, pack: str, surface: str, cause: BaseException) -> None:
        self.step_id, self.pack, self.surface = step_id, pack, surface
        super().__init__(
            f"pipeline {pipeline!r}: step {step_id!r} ({pack}/{surface}) raised "
            f"{type(cause).__name__}: {cause}; run that step alone with "
            f"`audiocontract run {pack} AUDIO --surface {surface}` to reproduce it"
        )
