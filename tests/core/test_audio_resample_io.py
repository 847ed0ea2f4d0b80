"""audio/resample.py and audio/io.py: the dtype and rate policy, and lossless file round trips."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile

from pytest_audiocontract import as_float32_mono, fit_length, resample
from pytest_audiocontract.audio.io import read_audio, write_audio


def sine(freq: float, sr: int, seconds: float) -> np.ndarray:
    t = np.arange(int(sr * seconds)) / sr
    return (0.5 * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def test_int_pcm_is_scaled_to_unit_range() -> None:
    pcm16 = np.array([-32768, 0, 16384, 32767], dtype=np.int16)
    np.testing.assert_array_equal(
        as_float32_mono(pcm16), np.array([-1.0, 0.0, 0.5, 32767 / 32768], dtype=np.float32)
    )
    pcm32 = np.array([-(2**31), 2**30], dtype=np.int32)
    np.testing.assert_array_equal(as_float32_mono(pcm32), np.array([-1.0, 0.5], np.float32))


def test_stereo_is_averaged_and_floats_become_float32() -> None:
    frames = np.array([[1.0, 0.0], [0.5, -0.5], [-1.0, -0.5]])
    out = as_float32_mono(frames)
    assert out.dtype == np.float32 and out.flags.c_contiguous
    np.testing.assert_array_equal(out, np.array([0.5, 0.0, -0.75], dtype=np.float32))
    assert as_float32_mono([0.25, -0.25]).dtype == np.float32


def test_more_than_two_dimensions_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"shape \(2, 2, 2\)"):
        as_float32_mono(np.zeros((2, 2, 2)))


def test_resample_same_rate_is_a_no_op() -> None:
    x = sine(440, 16000, 0.1)
    assert resample(x, 16000, 16000) is x


def test_resample_empty() -> None:
    out = resample(np.zeros(0, np.float32), 16000, 48000)
    assert out.dtype == np.float32 and out.size == 0


@pytest.mark.parametrize(("sr", "target"), [(16000, 48000), (44100, 16000), (8000, 22050)])
def test_resample_matches_the_same_tone_written_at_the_new_rate(sr: int, target: int) -> None:
    x = sine(440.0, sr, 1.0)
    y = resample(x, sr, target)
    assert y.dtype == np.float32
    assert y.size == target  # one second in, one second out
    expected = sine(440.0, target, 1.0)
    edge = target // 50  # the filter's start-up and tail
    np.testing.assert_allclose(y[edge:-edge], expected[edge:-edge], atol=2e-3)


def test_fit_length_trims_and_pads_with_zeros() -> None:
    x = np.arange(1, 6, dtype=np.float32)
    np.testing.assert_array_equal(fit_length(x, 3), [1, 2, 3])
    np.testing.assert_array_equal(fit_length(x, 7), [1, 2, 3, 4, 5, 0, 0])
    np.testing.assert_array_equal(fit_length(x, 5), x)
    assert fit_length(x, 7).dtype == np.float32 and fit_length(x, 0).size == 0


def test_float_wav_round_trip_is_exact(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, 12345).astype(np.float32)
    path = write_audio(tmp_path / "deep" / "er" / "x.wav", x, 22050)
    assert path.is_file()
    y, sr = read_audio(path)
    assert sr == 22050 and y.dtype == np.float32
    np.testing.assert_array_equal(y, x)


def test_pcm16_round_trip_within_one_step(tmp_path: Path) -> None:
    x = sine(1000, 8000, 0.25)
    y, sr = read_audio(write_audio(tmp_path / "x.wav", x, 8000, subtype="PCM_16"))
    assert sr == 8000
    np.testing.assert_allclose(y, x, atol=1 / 32768)


def test_read_stereo_file_as_mono(tmp_path: Path) -> None:
    left, right = sine(300, 16000, 0.1), sine(700, 16000, 0.1)
    soundfile.write(tmp_path / "st.flac", np.stack([left, right], axis=1), 16000)
    y, sr = read_audio(tmp_path / "st.flac")
    assert sr == 16000 and y.ndim == 1
    np.testing.assert_allclose(y, (left + right) / 2, atol=1 / 32768)  # FLAC is 16-bit here


def test_empty_audio_round_trip(tmp_path: Path) -> None:
    y, sr = read_audio(write_audio(tmp_path / "empty.wav", np.zeros(0, np.float32), 16000))
    assert sr == 16000 and y.size == 0 and y.dtype == np.float32
