"""RNNoise speech enhancement (Xiph's recurrent denoiser) through the C library in `pyrnnoise`.

RNNoise works on 48 kHz audio in 10 ms frames (480 samples) of int16-scaled floats. Its output
lags its input by two frames (960 samples at 48 kHz, measured by cross-correlating a real
recording with its denoised copy); the adapter feeds two extra frames of zeros and drops the
first 960 output samples, so the output lines up with the input and has exactly its length.

RNNoise also returns a voice probability for every frame it analyses; `Enhanced.
voice_probability` holds one per 10 ms frame of the input (the probability of input frame k
comes with the call that analyses it, before the synthesis delay).
"""

from __future__ import annotations

import ctypes
from typing import Any

import numpy as np

from pytest_audiocontract import Enhanced, as_float32_mono, fit_length, resample
from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.types import AudioArray

NATIVE_SR = 48000
"""RNNoise's only rate, Hz."""
FRAME = 480
"""Samples per RNNoise frame (10 ms at 48 kHz)."""
DELAY = 2 * FRAME
"""Output lag of the denoiser, samples at 48 kHz."""
INT16_SCALE = 32768.0
"""RNNoise expects samples on the int16 scale, as floats."""


class RNNoiseModel:
    """The `enhance` surface: denoise speech at any rate; output aligned, as long as the input."""

    def __init__(self, lib: Any) -> None:
        self._lib = lib

    def enhance(self, audio: AudioArray, sr: int) -> Enhanced:
        """Denoise `audio` (float32, `sr` Hz); returns audio of the same length at `sr` Hz."""
        x = as_float32_mono(audio)
        if x.size == 0:
            return Enhanced(np.zeros(0, dtype=np.float32), sr, np.zeros(0, dtype=np.float32))
        denoised, probability = self._denoise_48k(resample(x, sr, NATIVE_SR))
        out = fit_length(resample(denoised, NATIVE_SR, sr), x.size)
        frames = -(-x.size * 100 // sr)  # 10 ms frames of the input, the last one partial
        voice = fit_length(probability, frames)
        return Enhanced(np.clip(out, -1.0, 1.0).astype(np.float32), sr, voice)

    def _denoise_48k(self, x: AudioArray) -> tuple[AudioArray, AudioArray]:
        # A fresh state per call keeps calls independent, deterministic and safe to interleave.
        n_frames = -(-(x.size + DELAY) // FRAME)
        buf = np.zeros(n_frames * FRAME, dtype=np.float32)
        buf[: x.size] = x * INT16_SCALE
        out = np.empty_like(buf)
        probability = np.empty(n_frames, dtype=np.float32)
        state = self._lib.rnnoise_create(None)
        try:
            for start in range(0, buf.size, FRAME):
                frame_in = np.ascontiguousarray(buf[start : start + FRAME])
                frame_out = np.empty(FRAME, dtype=np.float32)
                # Called directly: pyrnnoise's wrapper casts to int16 without clipping, so a
                # loud frame wraps around instead of saturating.
                probability[start // FRAME] = self._lib.rnnoise_process_frame(
                    state, _ptr(frame_out), _ptr(frame_in)
                )
                out[start : start + FRAME] = frame_out
        finally:
            self._lib.rnnoise_destroy(state)
        n_input_frames = -(-x.size // FRAME)
        return out[DELAY : DELAY + x.size] / INT16_SCALE, probability[:n_input_frames]


def _ptr(frame: AudioArray) -> Any:
    return frame.ctypes.data_as(ctypes.POINTER(ctypes.c_float))


def load(variant: str, device: str) -> RNNoiseModel:
    """Factory: `variant` is "default"; `device` must be "cpu"."""
    if variant != "default" or device != "cpu":
        raise ValueError(
            f"rnnoise got variant={variant!r}, device={device!r}, "
            "but offers only variant 'default' on device 'cpu'"
        )
    try:
        from pyrnnoise import rnnoise
    except ImportError as exc:
        raise MissingRequirement(
            "the rnnoise pack needs pyrnnoise: pip install -r model_packs/rnnoise/requirements.txt"
        ) from exc
    return RNNoiseModel(rnnoise.lib)
