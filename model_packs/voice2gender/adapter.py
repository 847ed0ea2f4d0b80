"""voice2gender: an XGBoost classifier of the speaker's gender (female / male) from 20 acoustic
features (spectral statistics, fundamental and dominant frequency) of int16 PCM at 44.1 kHz.

Input is resampled to 44.1 kHz and converted to int16 PCM as the library expects. Where the
library finds no usable voice to measure (silence, less than one analysis frame, no energy
below 280 Hz, features that are not finite) it raises ValueError; `classify` then returns no
labels rather than guessing.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pytest_audiocontract import Classification, Label, as_float32_mono, resample
from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.types import AudioArray

NATIVE_SR = 44100
LABELS = ("female", "male")


class Voice2GenderModel:
    """The `classify` surface: labels `female` and `male` with their probabilities."""

    def __init__(self, predict: Any) -> None:
        self._predict = predict

    def classify(self, audio: AudioArray, sr: int, top_k: int = 5) -> Classification:
        """Both labels sorted by probability (they sum to 1), cut to `top_k`; none without voice."""
        x = resample(as_float32_mono(audio), sr, NATIVE_SR)
        pcm = (np.clip(x, -1.0, 1.0) * 32767.0).round().astype("<i2").tobytes()
        if not pcm or top_k <= 0:
            return Classification([])
        try:
            result = self._predict([pcm], sample_rate=NATIVE_SR)
        except ValueError:
            return Classification([])
        labels = [
            Label("female", float(np.clip(result["female_probability"], 0.0, 1.0))),
            Label("male", float(np.clip(result["male_probability"], 0.0, 1.0))),
        ]
        # Stable sort: a tie keeps "female" first, so output is deterministic.
        labels.sort(key=lambda label: -label.score)
        return Classification(labels[:top_k])


def load(variant: str, device: str) -> Voice2GenderModel:
    """Factory: `variant` is "default"; `device` must be "cpu"."""
    if variant != "default" or device != "cpu":
        raise ValueError(
            f"voice2gender got variant={variant!r}, device={device!r}, "
            "but offers only variant 'default' on device 'cpu'"
        )
    try:
        from voice2gender import predict
    except ImportError as exc:
        raise MissingRequirement(
            "the voice2gender pack needs voice2gender and xgboost: pip install --no-deps "
            "voice2gender && pip install -r model_packs/voice2gender/requirements.txt"
        ) from exc
    return Voice2GenderModel(predict)
