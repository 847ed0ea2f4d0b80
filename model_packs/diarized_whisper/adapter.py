"""Speaker-attributed transcription: the pipeline config/pipelines/diarize_asr.yaml as an asr
model. dvector_diarize finds who spoke when, Whisper tiny.en (faster_whisper) transcribes each
turn alone, and every segment of the transcript carries its turn's speaker.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytest_audiocontract.pipelines import load_pipeline, pipeline_as_model

PIPELINE = Path(__file__).resolve().parents[2] / "config" / "pipelines" / "diarize_asr.yaml"


def load(variant: str, device: str) -> Any:
    """Factory: variant "default", device "cpu"; loads both steps' models now (never timed)."""
    if variant != "default" or device != "cpu":
        raise ValueError(
            f"diarized_whisper got variant={variant!r}, device={device!r}, "
            "but offers only variant 'default' on device 'cpu'"
        )
    pipeline = load_pipeline(PIPELINE)
    pipeline.load_models()
    return pipeline_as_model(pipeline)
