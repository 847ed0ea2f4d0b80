"""PACK_SPEC's silence: every sample below 1e-4 in magnitude (-80 dBFS)."""

from __future__ import annotations

import numpy as np

SILENCE_PEAK = 1e-4


def is_silence(audio: np.ndarray) -> bool:
    """True for empty input or input whose every sample is below SILENCE_PEAK."""
    return bool(audio.size == 0 or np.max(np.abs(audio)) < SILENCE_PEAK)
