"""Reference-free speech quality: DNSMOS P.835 (speechmos).

DNSMOS (Microsoft's Deep Noise Suppression MOS, P.835 model) predicts the scores listeners would
give a clip on the 1-5 scale: `sig` (the speech itself), `bak` (the background: 5 is none
heard) and `ovrl` (overall), from the clip alone, no clean reference. The models ship in the
`speechmos` wheel and run on onnxruntime at 16 kHz: other rates are resampled first (soxr).
Clips are scored in 9 s windows (shorter ones are looped to 9 s by speechmos) and the window
scores averaged; over a corpus the clip scores are averaged, so every clip weighs the same.

speechmos is optional (`pip install 'pytest-audiocontract[mos]'`), imported when a score runs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from pytest_audiocontract.audio.resample import as_float32_mono, resample
from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.types import AudioArray

__all__ = ["DNSMOS_METRICS", "MIN_SECONDS", "dnsmos", "evaluate", "validate"]

DNSMOS_SR = 16000
MIN_SECONDS = 0.5
DNSMOS_METRICS = {"dnsmos_ovrl": "ovrl_mos", "dnsmos_sig": "sig_mos", "dnsmos_bak": "bak_mos"}


def validate(audio: AudioArray, sr: int) -> None:
    """Raise ValueError unless `audio` is at least MIN_SECONDS long, finite, at a positive rate."""
    if sr <= 0:
        raise ValueError(f"sr={sr}, but should be a positive rate in Hz")
    if audio.size < MIN_SECONDS * sr:
        raise ValueError(
            f"the clip is {audio.size / sr:.3f} s, but DNSMOS should get at least {MIN_SECONDS} s of audio"
        )
    if not np.all(np.isfinite(audio)):
        raise ValueError("the clip holds NaN or inf samples; DNSMOS needs finite audio")


def dnsmos(audio: AudioArray, sr: int) -> dict[str, float]:
    """``dnsmos_ovrl``, ``dnsmos_sig``, ``dnsmos_bak`` of one clip (MOS, 1 to 5)."""
    audio = as_float32_mono(audio)
    validate(audio, sr)
    try:
        from speechmos import dnsmos as speechmos_dnsmos
    except ImportError as exc:
        raise MissingRequirement(
            f"DNSMOS needs speechmos (and its onnxruntime, librosa, requests), which is not installed "
            f"({exc}); install it with `pip install 'pytest-audiocontract[mos]'`"
        ) from exc
    x = np.clip(resample(audio, sr, DNSMOS_SR), -1.0, 1.0).astype(np.float64)
    scores = speechmos_dnsmos.run(x, sr=DNSMOS_SR)
    return {name: float(scores[key]) for name, key in DNSMOS_METRICS.items()}


def evaluate(clips: Sequence[tuple[AudioArray, int]]) -> dict[str, float]:
    """The three DNSMOS scores averaged over `clips` of (audio, sr)."""
    if not clips:
        raise ValueError("DNSMOS got no clips; give it at least one")
    per_clip = [dnsmos(audio, sr) for audio, sr in clips]
    return {name: float(np.mean([c[name] for c in per_clip])) for name in DNSMOS_METRICS}
