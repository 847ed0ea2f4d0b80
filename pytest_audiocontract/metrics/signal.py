"""Speech enhancement metrics: SI-SNR (and its improvement), STOI and PESQ.

Every function takes 1-D audio at one sample rate. Where the two signals differ in length,
both are trimmed to the shorter one (the contracts require equal lengths; the trim only keeps
a metric from crashing on an adapter that is off by a few samples). pystoi and pesq are
imported when first used and named in the error when missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

from pytest_audiocontract.audio.resample import resample
from pytest_audiocontract.errors import MissingRequirement

__all__ = [
    "evaluate",
    "pesq",
    "si_snr",
    "si_snr_improvement",
    "stoi",
    "trim_to_shorter",
    "validate",
]

# Keeps a perfect estimate (zero error) finite, as torchmetrics and asteroid do.
_EPS = float(np.finfo(np.float64).eps)
PESQ_RATES = {"wb": 16000, "nb": 8000}


def validate(reference: npt.ArrayLike, estimate: npt.ArrayLike) -> None:
    """Raise ValueError unless both are non-empty 1-D arrays of finite numbers."""
    for name, signal in (("reference", reference), ("estimate", estimate)):
        array = np.asarray(signal)
        if array.ndim != 1:
            raise ValueError(f"{name} has shape {array.shape}, but should be 1-D (mono)")
        if array.size == 0:
            raise ValueError(f"{name} is empty, but should hold at least one sample")
        if not np.all(np.isfinite(array)):
            raise ValueError(f"{name} holds NaN or inf, but should be finite")


def trim_to_shorter(*signals: npt.ArrayLike) -> list[npt.NDArray[np.float64]]:
    """Return the signals as float64 arrays, all cut to the length of the shortest."""
    arrays = [np.asarray(s, dtype=np.float64) for s in signals]
    length = min(a.size for a in arrays)
    return [a[:length] for a in arrays]


def si_snr(reference: npt.ArrayLike, estimate: npt.ArrayLike) -> float:
    """Scale-invariant SNR of `estimate` against `reference`, in dB (higher is better).

    Both signals are made zero-mean; the target is the projection of the estimate on the
    reference, ``s = (<e, r> / <r, r>) r``, and the score is ``10 log10(|s|^2 / |e - s|^2)``.
    A reference with no energy after removing its mean has no defined score: ValueError.
    """
    validate(reference, estimate)
    ref, est = trim_to_shorter(reference, estimate)
    ref = ref - ref.mean()
    est = est - est.mean()
    ref_energy = float(np.dot(ref, ref))
    if ref_energy <= _EPS:
        raise ValueError(
            "reference has no energy once its mean is removed (silence or pure DC), "
            "so SI-SNR is undefined; use a reference with speech in it"
        )
    target = (float(np.dot(est, ref)) / ref_energy) * ref
    noise = est - target
    return float(10.0 * np.log10((np.dot(target, target) + _EPS) / (np.dot(noise, noise) + _EPS)))


def si_snr_improvement(clean: npt.ArrayLike, noisy: npt.ArrayLike, enhanced: npt.ArrayLike) -> float:
    """SI-SNR(clean, enhanced) - SI-SNR(clean, noisy), in dB (higher is better)."""
    return si_snr(clean, enhanced) - si_snr(clean, noisy)


def stoi(reference: npt.ArrayLike, estimate: npt.ArrayLike, sr: int, *, extended: bool = False) -> float:
    """Short-time objective intelligibility (pystoi), a ratio in about [0, 1], higher is better.

    `sr` is the rate of both signals in Hz; pystoi resamples to its own 10 kHz internally.
    `extended=True` gives ESTOI.
    """
    validate(reference, estimate)
    try:
        from pystoi import stoi as pystoi_stoi
    except ImportError as error:
        raise _missing("pystoi", "STOI") from error
    ref, est = trim_to_shorter(reference, estimate)
    return float(pystoi_stoi(ref, est, sr, extended=extended))


def pesq(
    reference: npt.ArrayLike,
    estimate: npt.ArrayLike,
    sr: int,
    *,
    mode: Literal["wb", "nb"] = "wb",
) -> float:
    """PESQ (ITU-T P.862) as MOS-LQO, higher is better: wide band about 1.0..4.64.

    PESQ is defined at 8000 Hz (narrow band, ``mode="nb"``) and 16000 Hz (wide band,
    ``mode="wb"``): other rates are resampled to 16000 Hz for "wb" and 8000 Hz for "nb"
    (16000 Hz input stays as it is for "nb"). The signal must hold speech: pesq raises on
    audio where it finds no utterance.
    """
    validate(reference, estimate)
    if mode not in PESQ_RATES:
        raise ValueError(f"mode={mode!r}, but should be 'wb' or 'nb'")
    try:
        from pesq import pesq as pesq_score
    except ImportError as error:
        raise _missing("pesq", "PESQ") from error
    ref, est = trim_to_shorter(reference, estimate)
    rate = sr if mode == "nb" and sr in (8000, 16000) else PESQ_RATES[mode]
    ref32 = resample(ref.astype(np.float32), sr, rate)
    est32 = resample(est.astype(np.float32), sr, rate)
    return float(pesq_score(rate, ref32, est32, mode))


def evaluate(
    clean: npt.ArrayLike,
    noisy: npt.ArrayLike,
    enhanced: npt.ArrayLike,
    sr: int,
    *,
    metrics: Sequence[str] = ("si_snr", "si_snr_improvement", "stoi", "pesq"),
) -> dict[str, float]:
    """The named enhancement metrics for one (clean, noisy, enhanced) triple at `sr` Hz.

    Keys: ``si_snr`` and ``si_snr_improvement`` in dB, ``stoi`` (ratio), ``pesq`` (MOS-LQO,
    wide band). Leave ``stoi`` or ``pesq`` out of `metrics` where pystoi or pesq is absent.
    """
    scores: dict[str, float] = {}
    if "si_snr" in metrics:
        scores["si_snr"] = si_snr(clean, enhanced)
    if "si_snr_improvement" in metrics:
        scores["si_snr_improvement"] = si_snr_improvement(clean, noisy, enhanced)
    if "stoi" in metrics:
        scores["stoi"] = stoi(clean, enhanced, sr)
    if "pesq" in metrics:
        scores["pesq"] = pesq(clean, enhanced, sr)
    return scores


def _missing(package: str, metric: str) -> MissingRequirement:
    return MissingRequirement(
        f"{metric} needs the {package!r} package, which is not installed; install it with "
        f"`pip install {package}` or `pip install 'pytest-audiocontract[metrics]'`"
    )
