"""audio/synth.py: each signal kind is what its name says, checked against hand computations."""

from __future__ import annotations

import math

import numpy as np
import pytest

from pytest_audiocontract.audio.synth import KINDS, SILENT_KINDS, SignalSpec, render


def dominant_hz(x: np.ndarray, sr: int) -> float:
    spectrum = np.abs(np.fft.rfft(x.astype(np.float64)))
    return float(np.fft.rfftfreq(x.size, 1 / sr)[int(np.argmax(spectrum))])


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_renders_float32_mono_within_full_scale(kind: str) -> None:
    for sr, n in ((8000, 0), (8000, 1), (16000, 333), (48000, 48000)):
        x = render(SignalSpec(kind, sr, n, level=0.5, freq=440.0, seed=3))
        assert x.dtype == np.float32 and x.shape == (n,)
        assert np.all(np.abs(x) <= 1.0)


@pytest.mark.parametrize("kind", sorted(SILENT_KINDS))
def test_silent_kinds_are_silence_by_the_spec(kind: str) -> None:
    x = render(SignalSpec(kind, 16000, 16000, seed=7))
    assert np.max(np.abs(x)) < 1e-4  # PACK_SPEC: every sample below 1e-4
    assert SignalSpec(kind, 16000, 10).is_silent


def test_silence_is_zeros_and_near_silence_is_not() -> None:
    assert not np.any(render(SignalSpec("silence", 16000, 1000)))
    assert np.count_nonzero(render(SignalSpec("near_silence", 16000, 1000))) > 900


@pytest.mark.parametrize("kind", ["tone", "chirp", "noise", "bursts"])
@pytest.mark.parametrize("level", [0.01, 0.5, 1.0])
def test_level_is_the_peak(kind: str, level: float) -> None:
    x = render(SignalSpec(kind, 22050, 22050, level=level, freq=150.0, seed=1))
    assert float(np.max(np.abs(x))) == pytest.approx(level, rel=1e-6)


def test_tone_has_its_frequency_and_stays_below_nyquist() -> None:
    assert dominant_hz(render(SignalSpec("tone", 16000, 16000, freq=440.0)), 16000) == 440.0
    # 5 kHz cannot be written at 8 kHz: the tone is moved to 0.45 * sr = 3600 Hz.
    assert dominant_hz(render(SignalSpec("tone", 8000, 8000, freq=5000.0)), 8000) == 3600.0


def test_full_scale_clipped_and_dc_offset() -> None:
    full = render(SignalSpec("full_scale", 48000, 48000, freq=1000.0))
    assert float(np.max(np.abs(full))) == pytest.approx(1.0, abs=1e-6)
    clipped = render(SignalSpec("clipped", 16000, 16000, freq=100.0)).astype(np.float64)
    # 4 sin(x) is past full scale wherever |sin x| > 1/4: a fraction 1 - (2/pi) asin(1/4).
    at_rail = np.mean(np.abs(clipped) == 1.0)
    assert at_rail == pytest.approx(1 - 2 / math.pi * math.asin(0.25), abs=0.01)
    dc = render(SignalSpec("dc_offset", 16000, 16000, level=0.5, freq=100.0)).astype(np.float64)
    assert np.mean(dc) == pytest.approx(0.4, abs=1e-3)  # whole cycles: the tone averages out
    assert np.max(dc) == pytest.approx(0.4 + 0.5 * 0.5, abs=1e-4)


def test_chirp_rises() -> None:
    # Linear from 200 Hz to 8 x 200 = 1600 Hz over the 2 s: 200..550 Hz in the first 0.5 s,
    # 1250..1600 Hz in the last.
    x = render(SignalSpec("chirp", 16000, 32000, freq=200.0))
    quarter = x.size // 4
    assert 200 <= dominant_hz(x[:quarter], 16000) <= 550
    assert 1250 <= dominant_hz(x[-quarter:], 16000) <= 1600


def test_bursts_pause_like_speech() -> None:
    x = render(SignalSpec("bursts", 16000, 4 * 16000, freq=150.0, seed=2))
    # Silent wherever sin(pi t) <= -0.3, a fraction (pi - 2 asin(0.3)) / (2 pi) of the time,
    # and more where the syllable envelope is zero.
    pause_fraction = (math.pi - 2 * math.asin(0.3)) / (2 * math.pi)
    assert np.mean(x == 0.0) >= pause_fraction - 0.01
    assert dominant_hz(x, 16000) == pytest.approx(150.0, abs=1.0)


def test_same_spec_same_signal_and_seed_matters() -> None:
    spec = SignalSpec("noise", 16000, 1000, seed=5)
    np.testing.assert_array_equal(render(spec), render(spec))
    assert not np.array_equal(render(spec), render(SignalSpec("noise", 16000, 1000, seed=6)))


def test_unknown_kind_names_the_kinds() -> None:
    with pytest.raises(ValueError, match="unknown signal kind 'hum'; kinds are silence"):
        render(SignalSpec("hum", 16000, 10))


def test_describe_and_duration() -> None:
    spec = SignalSpec("tone", 8000, 4000, level=0.1, freq=1000.0)
    assert spec.duration == 0.5
    assert spec.describe() == "tone 1000 Hz, 4000 samples (0.500 s) at 8000 Hz, peak 0.1"
