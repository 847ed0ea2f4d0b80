"""The batch-ASR skeleton: silence never reaches the model, input resampled to the model's
rate, and a transcript with one segment over the whole input for models without timestamps."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pytest_audiocontract.audio.resample import as_float32_mono, resample
from pytest_audiocontract.audio.silence import is_silence
from pytest_audiocontract.types import AudioArray, Segment, Transcript


@dataclass(frozen=True)
class ModelInput:
    audio: np.ndarray  # float32 mono at the model's rate, within [-1, 1]
    duration: float  # seconds of the caller's input (before any padding)


def model_input(audio: AudioArray, sr: int, model_sr: int, *, min_samples: int = 0) -> ModelInput | None:
    """`audio` ready for a model that reads `model_sr` Hz, zero-padded after its end to
    `min_samples`; None for silence (models write words for it now and then)."""
    audio = as_float32_mono(audio)
    if is_silence(audio):
        return None
    resampled = np.clip(resample(audio, sr, model_sr), -1.0, 1.0).astype(np.float32)
    if resampled.size < min_samples:
        resampled = np.pad(resampled, (0, min_samples - resampled.size))
    return ModelInput(resampled, audio.size / sr)


def token_budget(duration: float, per_second: float, minimum: int) -> int:
    """How many tokens a decoder may write for `duration` seconds: it bounds how long one
    that never stops (random weights, a loop on noise) runs."""
    return max(minimum, int(per_second * duration))


def whole_input_transcript(text: str, duration: float, language: str | None) -> Transcript:
    """`text` (whitespace collapsed) as one segment from 0 to `duration`; none when empty."""
    text = " ".join(text.split())
    segments = [Segment(start=0.0, end=duration, text=text)] if text else []
    return Transcript(text=text, segments=segments, language=language)
