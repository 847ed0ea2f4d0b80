"""DNSMOS through speechmos: our scores are its scores; rate and length handling; bad clips."""

from __future__ import annotations

import numpy as np
import pytest

from pytest_audiocontract.metrics import mos
from pytest_audiocontract.metrics.registry import compute
from pytest_audiocontract.spec.datasets import load_dataset
from pytest_audiocontract.types import Enhanced

speechmos_dnsmos = pytest.importorskip("speechmos.dnsmos", reason="speechmos is not installed (mos extra)")


def _clip(name: str = "joe_0001") -> tuple[np.ndarray, int]:
    dataset = load_dataset("speech_en")
    item = next(i for i in dataset if i.id == name)
    assert item.file is not None
    return dataset.audio(item.file)


def test_scores_equal_speechmos_on_a_stored_clip() -> None:
    audio, sr = _clip()
    library = speechmos_dnsmos.run(audio.astype(np.float64), sr=sr)
    ours = mos.dnsmos(audio, sr)
    assert ours == {
        "dnsmos_ovrl": pytest.approx(library["ovrl_mos"], abs=1e-9),
        "dnsmos_sig": pytest.approx(library["sig_mos"], abs=1e-9),
        "dnsmos_bak": pytest.approx(library["bak_mos"], abs=1e-9),
    }
    assert all(1.0 <= v <= 5.0 for v in ours.values())


def test_other_rates_are_resampled_to_16_khz_first() -> None:
    import soxr

    audio, sr = _clip()
    at_44k = np.asarray(soxr.resample(audio, sr, 44100, quality="HQ"), dtype=np.float32)
    native, resampled = mos.dnsmos(audio, sr), mos.dnsmos(at_44k, 44100)
    assert resampled == pytest.approx(native, abs=0.02)


def test_noise_scores_below_clean_speech_on_the_background_scale() -> None:
    audio, sr = _clip()
    noisy = np.clip(audio + 0.2 * np.random.default_rng(0).standard_normal(audio.size), -1, 1)
    assert mos.dnsmos(noisy.astype(np.float32), sr)["dnsmos_bak"] < mos.dnsmos(audio, sr)["dnsmos_bak"] - 1.0


def test_the_registry_averages_clips() -> None:
    a, sr = _clip("joe_0001")
    b, _ = _clip("alsa_front_left")
    outputs = [Enhanced(a, sr), Enhanced(b, sr)]
    expected = (mos.dnsmos(a, sr)["dnsmos_sig"] + mos.dnsmos(b, sr)["dnsmos_sig"]) / 2
    assert compute("dnsmos_sig", [None, None], outputs, [(a, sr), (b, sr)]) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("audio", "sr", "words"),
    [
        (np.zeros(100, np.float32), 16000, "at least 0.5 s"),
        (np.full(16000, np.nan, np.float32), 16000, "NaN or inf"),
        (np.zeros(16000, np.float32), 0, "positive rate"),
    ],
)
def test_bad_clips_are_refused_with_a_reason(audio: np.ndarray, sr: int, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        mos.dnsmos(audio, sr)
