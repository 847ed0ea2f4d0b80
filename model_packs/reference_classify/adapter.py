"""A spectral classifier in numpy: silence, noise, or a tone in the low / mid / high band.

It also takes the labels of the call (`labels=`, declared as `per_call_labels: true`), as a
zero-shot classifier does: a candidate that names one of its classes (any letter case) gets
that class's score, any other candidate scores 0; the scores are renormalised over the call's
labels. Crude, but it ranks exactly the labels it is given, which is what the rule checks.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from pytest_audiocontract import Classification, Label

LABELS = ("silence", "noise", "low", "mid", "high")
BAND_CENTRES_HZ = {"low": 150.0, "mid": 800.0, "high": 3000.0}


def _scores(audio: np.ndarray, sr: int) -> dict[str, float]:
    x = audio.astype(np.float64)
    if x.size == 0 or np.max(np.abs(x)) < 1e-4:
        return {"silence": 1.0}
    spectrum = np.abs(np.fft.rfft(x - x.mean())) + 1e-12
    flatness = float(np.exp(np.mean(np.log(spectrum))) / np.mean(spectrum))
    centroid = float(np.sum(np.arange(spectrum.size) * spectrum) / np.sum(spectrum)) * sr / x.size
    raw = {"noise": 4.0 * flatness}
    for name, centre in BAND_CENTRES_HZ.items():
        raw[name] = 1.0 / (1.0 + abs(np.log2(max(centroid, 1.0) / centre)))
    total = sum(raw.values())
    return {name: value / total for name, value in raw.items()}


def _call_scores(scores: dict[str, float], labels: Sequence[str]) -> dict[str, float]:
    raw = {label: scores.get(label.lower(), 0.0) for label in labels}
    total = sum(raw.values())
    return {label: value / total for label, value in raw.items()} if total > 0 else raw


class SpectralClassifier:
    def classify(
        self, audio: np.ndarray, sr: int, top_k: int = 5, *, labels: Sequence[str] | None = None
    ) -> Classification:
        scores = _scores(np.asarray(audio, dtype=np.float32), sr)
        if labels is not None:
            scores = _call_scores(scores, labels)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:top_k]
        return Classification(labels=[Label(name, float(s)) for name, s in ranked])


def load(variant: str, device: str) -> SpectralClassifier:
    return SpectralClassifier()
