"""SI-SNR checked against constructed signals; STOI and PESQ against pystoi and pesq."""

from __future__ import annotations

import sys

import numpy as np
import numpy.typing as npt
import pytest

from pytest_audiocontract.audio.resample import resample
from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.metrics import signal

SR = 16000


def _orthogonal_noise(
    reference: npt.NDArray[np.float64], energy: float, seed: int
) -> npt.NDArray[np.float64]:
    """Zero-mean noise orthogonal to the zero-mean `reference`, with the given energy."""
    rng = np.random.default_rng(seed)
    ref = reference - reference.mean()
    noise = rng.standard_normal(reference.size)
    noise -= noise.mean()
    noise -= (np.dot(noise, ref) / np.dot(ref, ref)) * ref
    return noise * np.sqrt(energy / np.dot(noise, noise))


def _speech_like(seconds: float, sr: int, seed: int = 0) -> npt.NDArray[np.float32]:
    """Harmonic tones with a syllable-rate envelope and pauses: enough 'speech' for PESQ."""
    t = np.arange(int(seconds * sr)) / sr
    f0 = 140 + 30 * np.sin(2 * np.pi * 0.7 * t)
    phase = 2 * np.pi * np.cumsum(f0) / sr
    voiced = sum(np.sin(k * phase) / k for k in range(1, 12))
    envelope = np.clip(np.sin(2 * np.pi * 3.0 * t), 0, None) * (np.sin(2 * np.pi * 0.4 * t) > -0.3)
    rng = np.random.default_rng(seed)
    audio = 0.3 * voiced * envelope + 0.003 * rng.standard_normal(t.size)
    return audio.astype(np.float32)


def test_si_snr_of_scaled_reference_plus_orthogonal_noise() -> None:
    t = np.arange(SR) / SR
    ref = np.sin(2 * np.pi * 220 * t) + 0.5 * np.sin(2 * np.pi * 330 * t)
    ref_energy = float(np.dot(ref - ref.mean(), ref - ref.mean()))
    scale = 0.7
    target_energy = scale**2 * ref_energy
    for snr_db in (-5.0, 0.0, 12.5):
        noise = _orthogonal_noise(ref, target_energy / 10 ** (snr_db / 10), seed=1)
        estimate = scale * ref + noise
        assert signal.si_snr(ref, estimate) == pytest.approx(snr_db, abs=1e-6)


def test_si_snr_ignores_scale_and_dc_offset() -> None:
    rng = np.random.default_rng(2)
    ref = rng.standard_normal(8000)
    est = ref + 0.3 * rng.standard_normal(8000)
    base = signal.si_snr(ref, est)
    assert signal.si_snr(ref, 5.0 * est + 0.2) == pytest.approx(base, abs=1e-9)
    assert signal.si_snr(ref + 1.0, est) == pytest.approx(base, abs=1e-9)


def test_si_snr_perfect_estimate_is_large_and_finite() -> None:
    ref = np.random.default_rng(3).standard_normal(4000)
    value = signal.si_snr(ref, ref)
    assert np.isfinite(value)
    assert value > 100.0


def test_si_snr_improvement_is_the_difference() -> None:
    t = np.arange(SR) / SR
    clean = np.sin(2 * np.pi * 200 * t)
    energy = float(np.dot(clean, clean))
    noisy = clean + _orthogonal_noise(clean, energy / 10 ** (0 / 10), seed=4)  # 0 dB
    enhanced = clean + _orthogonal_noise(clean, energy / 10 ** (15 / 10), seed=5)  # 15 dB
    assert signal.si_snr_improvement(clean, noisy, enhanced) == pytest.approx(15.0, abs=1e-6)


def test_length_mismatch_trims_to_shorter() -> None:
    rng = np.random.default_rng(6)
    ref = rng.standard_normal(1000)
    est = ref + 0.1 * rng.standard_normal(1000)
    longer = np.concatenate([est, rng.standard_normal(37)])
    assert signal.si_snr(ref, longer) == pytest.approx(signal.si_snr(ref, est))
    assert signal.si_snr(ref[:900], est) == pytest.approx(signal.si_snr(ref[:900], est[:900]))


def test_si_snr_rejects_silent_reference_and_bad_shapes() -> None:
    with pytest.raises(ValueError, match="no energy"):
        signal.si_snr(np.full(100, 0.5), np.ones(100))
    with pytest.raises(ValueError, match="empty"):
        signal.si_snr(np.zeros(0), np.zeros(0))
    with pytest.raises(ValueError, match="1-D"):
        signal.si_snr(np.ones((2, 10)), np.ones((2, 10)))
    with pytest.raises(ValueError, match="NaN"):
        signal.si_snr(np.ones(10), np.full(10, np.nan))


def test_stoi_matches_pystoi_and_orders_quality() -> None:
    pystoi = pytest.importorskip("pystoi", reason="pystoi is not installed (metrics extra)")
    clean = _speech_like(3.0, SR)
    rng = np.random.default_rng(7)
    slightly = clean + 0.01 * rng.standard_normal(clean.size).astype(np.float32)
    badly = clean + 0.3 * rng.standard_normal(clean.size).astype(np.float32)
    expected = pystoi.stoi(clean.astype(np.float64), badly.astype(np.float64), SR)
    assert signal.stoi(clean, badly, SR) == pytest.approx(expected)
    assert signal.stoi(clean, clean, SR) == pytest.approx(1.0, abs=1e-6)
    assert signal.stoi(clean, slightly, SR) > signal.stoi(clean, badly, SR)


def test_pesq_matches_pesq_at_native_rates() -> None:
    pesq_module = pytest.importorskip("pesq", reason="pesq is not installed (metrics extra)")
    clean = _speech_like(3.0, SR)
    noisy = clean + 0.02 * np.random.default_rng(8).standard_normal(clean.size).astype(np.float32)
    expected = pesq_module.pesq(SR, clean, noisy, "wb")
    assert signal.pesq(clean, noisy, SR) == pytest.approx(expected)
    assert signal.pesq(clean, clean, SR) > signal.pesq(clean, noisy, SR)
    clean8 = _speech_like(3.0, 8000)
    noise8 = np.random.default_rng(9).standard_normal(clean8.size).astype(np.float32)
    noisy8 = clean8 + 0.02 * noise8
    assert signal.pesq(clean8, noisy8, 8000, mode="nb") == pytest.approx(
        pesq_module.pesq(8000, clean8, noisy8, "nb")
    )


def test_pesq_resamples_other_rates_to_16k() -> None:
    pesq_module = pytest.importorskip("pesq", reason="pesq is not installed (metrics extra)")
    clean = _speech_like(3.0, 48000)
    noisy = clean + 0.02 * np.random.default_rng(10).standard_normal(clean.size).astype(np.float32)
    expected = pesq_module.pesq(16000, resample(clean, 48000, 16000), resample(noisy, 48000, 16000), "wb")
    assert signal.pesq(clean, noisy, 48000) == pytest.approx(expected)


def test_missing_packages_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pystoi", None)
    monkeypatch.setitem(sys.modules, "pesq", None)
    audio = _speech_like(1.0, SR)
    with pytest.raises(MissingRequirement, match="pip install pystoi"):
        signal.stoi(audio, audio, SR)
    with pytest.raises(MissingRequirement, match="pip install pesq"):
        signal.pesq(audio, audio, SR)


def test_evaluate_keys() -> None:
    clean = _speech_like(1.0, SR)
    noisy = clean + 0.1 * np.random.default_rng(11).standard_normal(clean.size).astype(np.float32)
    scores = signal.evaluate(clean, noisy, clean, SR, metrics=("si_snr", "si_snr_improvement"))
    assert set(scores) == {"si_snr", "si_snr_improvement"}
    assert scores["si_snr_improvement"] == pytest.approx(scores["si_snr"] - signal.si_snr(clean, noisy))
