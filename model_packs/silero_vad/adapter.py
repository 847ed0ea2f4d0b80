"""Silero VAD v6: speech regions from per-window speech probabilities.

Variants: `onnx` (default) runs the ONNX export that ships inside the faster-whisper wheel
with onnxruntime; `pytorch` runs the TorchScript model of the `silero-vad` package. Both feed
the same region logic, so they differ only in the network's runtime.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pytest_audiocontract import SpeechRegions, as_float32_mono, resample
from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.types import AudioArray

MODEL_SR = 16000
WINDOW = 512  # samples per probability at 16 kHz (32 ms)
CONTEXT = 64  # samples of the previous window the v5/v6 network sees

Probabilities = npt.NDArray[np.float32]


@dataclass(frozen=True)
class RegionOptions:
    """Silero's own defaults (`get_speech_timestamps`), in seconds; thresholds are probabilities."""

    threshold: float = 0.5
    neg_threshold: float = 0.35
    min_speech_s: float = 0.25
    min_silence_s: float = 0.1
    speech_pad_s: float = 0.03


def regions_from_probabilities(
    probs: Probabilities, duration: float, options: RegionOptions
) -> list[tuple[float, float]]:
    """Speech regions (seconds) from one probability per 32 ms window, with hysteresis.

    A region opens where a probability reaches `threshold` and closes after `min_silence_s`
    below `neg_threshold`; regions shorter than `min_speech_s` are dropped, the rest padded
    by `speech_pad_s` (never past a neighbour or the input's ends).
    """
    hop = WINDOW / MODEL_SR
    raw: list[tuple[float, float]] = []
    start: float | None = None
    silence_from: float | None = None
    for i, p in enumerate(probs.tolist()):
        t = i * hop
        if start is None:
            if p >= options.threshold:
                start, silence_from = t, None
            continue
        if p >= options.threshold:
            silence_from = None
        elif p < options.neg_threshold:
            silence_from = t if silence_from is None else silence_from
            if t + hop - silence_from >= options.min_silence_s:
                raw.append((start, silence_from))
                start, silence_from = None, None
    if start is not None:
        raw.append((start, duration))
    kept = [(s, min(e, duration)) for s, e in raw if min(e, duration) - s >= options.min_speech_s]
    padded: list[tuple[float, float]] = []
    for i, (s, e) in enumerate(kept):
        lo = max(0.0, s - options.speech_pad_s)
        hi = min(duration, e + options.speech_pad_s)
        if padded:
            lo = max(lo, padded[-1][1])
        if i + 1 < len(kept):
            hi = min(hi, (e + kept[i + 1][0]) / 2)
        if hi > lo:
            padded.append((lo, hi))
    return padded


def _onnx_probabilities() -> Callable[[AudioArray], Probabilities]:
    try:
        import onnxruntime
        from faster_whisper.utils import get_assets_path
    except ModuleNotFoundError as exc:
        raise MissingRequirement(
            f"variant 'onnx' needs {exc.name} (the model ships in the faster-whisper wheel): "
            "pip install faster-whisper onnxruntime"
        ) from exc
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 4
    session = onnxruntime.InferenceSession(
        os.path.join(get_assets_path(), "silero_vad_v6.onnx"),
        providers=["CPUExecutionProvider"],
        sess_options=options,
    )

    def probabilities(audio16: AudioArray) -> Probabilities:
        # This export takes every window at once, each with the 64 samples before it; the
        # recurrent state starts at zero on every call, so calls do not influence each other.
        windows = audio16.reshape(-1, WINDOW)
        context = np.zeros((windows.shape[0], CONTEXT), dtype=np.float32)
        context[1:] = windows[:-1, -CONTEXT:]
        state = np.zeros((1, 1, 128), dtype=np.float32)
        probs, _, _ = session.run(
            None, {"input": np.concatenate([context, windows], axis=1), "h": state, "c": state}
        )
        return np.asarray(probs, dtype=np.float32).reshape(-1)

    return probabilities


def _pytorch_probabilities() -> Callable[[AudioArray], Probabilities]:
    try:
        import torch
        from silero_vad import load_silero_vad
    except ModuleNotFoundError as exc:
        raise MissingRequirement(
            f"variant 'pytorch' needs {exc.name}: pip install torch==2.13.0 && pip install silero-vad"
        ) from exc
    model = load_silero_vad(onnx=False)
    torch.set_num_threads(1)

    def probabilities(audio16: AudioArray) -> Probabilities:
        with torch.inference_mode():
            model.reset_states()
            probs = model.audio_forward(torch.from_numpy(audio16), MODEL_SR)
        return np.asarray(probs.numpy(), dtype=np.float32).reshape(-1)

    return probabilities


class SileroVad:
    """The `vad` surface: `detect_speech(audio, sr)`, regions in seconds."""

    def __init__(self, probabilities: Callable[[AudioArray], Probabilities], options: RegionOptions) -> None:
        self._probabilities = probabilities
        self._options = options

    def detect_speech(self, audio: AudioArray, sr: int) -> SpeechRegions:
        """Speech regions of `audio` (float32 at `sr` Hz), sorted, within [0, duration]."""
        audio = as_float32_mono(audio)
        duration = audio.size / sr
        if audio.size == 0:
            return SpeechRegions(regions=[])
        audio16 = np.clip(resample(audio, sr, MODEL_SR), -1.0, 1.0)
        padded = np.zeros(-(-audio16.size // WINDOW) * WINDOW, dtype=np.float32)
        padded[: audio16.size] = audio16
        probs = self._probabilities(padded)
        return SpeechRegions(regions=regions_from_probabilities(probs, duration, self._options))


def load(variant: str = "onnx", device: str = "cpu", *, options: RegionOptions | None = None) -> SileroVad:
    """Load Silero VAD v6 as `variant` ("onnx" or "pytorch"); CPU only."""
    if device != "cpu":
        raise ValueError(f"device={device!r}, but this pack runs on 'cpu' only")
    factories = {"onnx": _onnx_probabilities, "pytorch": _pytorch_probabilities}
    if variant not in factories:
        raise ValueError(f"variant={variant!r}, but should be one of {', '.join(factories)}")
    return SileroVad(factories[variant](), options or RegionOptions())
