"""The sample-rate and dtype policy, in one place.

Adapters receive float32 mono audio at whatever rate the caller has (8000..48000 Hz). A model
with a fixed native rate calls `resample(audio, sr, native_sr)`; it is a no-op when the rates
already match, so nothing is resampled that need not be. soxr's "HQ" quality is used: it is
linear-phase, so delays are constant and timestamps stay aligned.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from pytest_audiocontract.types import AudioArray


def as_float32_mono(audio: npt.ArrayLike) -> AudioArray:
    """Return `audio` as 1-D float32; int16/int32 PCM is scaled to [-1, 1), stereo is averaged."""
    array = np.asarray(audio)
    if array.dtype == np.int16:
        array = array.astype(np.float32) / 32768.0
    elif array.dtype == np.int32:
        array = array.astype(np.float32) / 2147483648.0
    if array.ndim == 2:
        array = array.mean(axis=1)
    if array.ndim != 1:
        raise ValueError(f"audio has shape {array.shape}, but should be 1-D (mono) or 2-D (frames, channels)")
    return np.ascontiguousarray(array, dtype=np.float32)


def resample(audio: AudioArray, sr: int, target_sr: int) -> AudioArray:
    """Resample 1-D float32 `audio` from `sr` to `target_sr` Hz (no-op when they are equal)."""
    if sr == target_sr or audio.size == 0:
        if sr == target_sr:
            return audio
        return np.zeros(0, dtype=np.float32)
    import soxr

    out = soxr.resample(audio, sr, target_sr, quality="HQ")
    return np.asarray(out, dtype=np.float32)


def fit_length(audio: AudioArray, length: int) -> AudioArray:
    """Trim or zero-pad `audio` to exactly `length` samples."""
    if audio.size >= length:
        return audio[:length]
    return np.concatenate([audio, np.zeros(length - audio.size, dtype=np.float32)])
