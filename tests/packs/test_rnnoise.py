"""The real RNNoise pack: it denoises real speech, keeps length and alignment, and is silent
on silence."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
import soundfile as sf
from pack_adapters import adapter_module

pytest.importorskip("pyrnnoise", reason="pyrnnoise is not installed (model_packs/rnnoise/requirements.txt)")

pytestmark = pytest.mark.slow

PACK = Path(__file__).resolve().parents[2] / "model_packs" / "rnnoise"
FRONT_LEFT = Path("/usr/share/sounds/alsa/Front_Left.wav")


def _adapter() -> ModuleType:
    return adapter_module("rnnoise")


@pytest.fixture(scope="module")
def model() -> object:
    return _adapter().load("default", "cpu")


@pytest.fixture(scope="module")
def speech() -> tuple[np.ndarray, int]:
    if not FRONT_LEFT.exists():
        pytest.skip(f"{FRONT_LEFT} is missing: apt-get install alsa-utils")
    audio, sr = sf.read(FRONT_LEFT, dtype="float32")
    return audio, sr


def _si_snr(estimate: np.ndarray, reference: np.ndarray) -> float:
    est, ref = estimate - estimate.mean(), reference - reference.mean()
    target = np.dot(est, ref) / np.dot(ref, ref) * ref
    return float(10 * np.log10(np.sum(target**2) / np.sum((est - target) ** 2)))


def _with_white_noise(clean: np.ndarray, snr_db: float, seed: int) -> np.ndarray:
    noise = np.random.default_rng(seed).standard_normal(clean.size)
    noise *= np.sqrt(np.mean(clean**2) / np.mean(noise**2) / 10 ** (snr_db / 10))
    return (clean + noise).astype(np.float32)


@pytest.mark.parametrize("sr", [8000, 16000, 44100, 48000])
def test_raises_si_snr_of_noisy_real_speech(model: object, speech: tuple[np.ndarray, int], sr: int) -> None:
    import soxr

    clean = soxr.resample(speech[0], speech[1], sr).astype(np.float32)
    noisy = _with_white_noise(clean, snr_db=5.0, seed=sr)
    enhanced = model.enhance(noisy, sr)  # type: ignore[attr-defined]
    gain = _si_snr(enhanced.audio, clean) - _si_snr(noisy, clean)
    assert gain > 3.0, f"SI-SNR improvement={gain:.2f} dB at {sr} Hz, but should be > 3 dB"


def test_output_is_aligned_with_input(model: object, speech: tuple[np.ndarray, int]) -> None:
    clean, sr = speech
    enhanced = model.enhance(_with_white_noise(clean, 10.0, seed=1), sr).audio  # type: ignore[attr-defined]
    lags = np.arange(-1200, 1201)
    scores = [np.dot(np.roll(enhanced, -lag), clean) for lag in lags]
    best = int(lags[int(np.argmax(scores))])
    assert abs(best) <= 2, f"output lags the input by {best} samples at {sr} Hz, but should by 0"


@pytest.mark.parametrize("length", [0, 1, 479, 480, 481, 16001])
@pytest.mark.parametrize("sr", [8000, 22050, 48000])
def test_keeps_length_and_rate(model: object, length: int, sr: int) -> None:
    audio = np.random.default_rng(length).uniform(-0.5, 0.5, length).astype(np.float32)
    out = model.enhance(audio, sr)  # type: ignore[attr-defined]
    assert out.sr == sr
    assert out.audio.dtype == np.float32 and out.audio.shape == (length,)


def test_silence_gives_silence(model: object) -> None:
    quiet = (np.random.default_rng(0).uniform(-9e-5, 9e-5, 32000)).astype(np.float32)
    for audio in (np.zeros(32000, np.float32), quiet):
        peak = float(np.abs(model.enhance(audio, 16000).audio).max())  # type: ignore[attr-defined]
        assert peak < 1e-3, f"peak={peak}, but should be < 1e-3 for silent input"


def test_clipped_speech_saturates_instead_of_wrapping(model: object, speech: tuple[np.ndarray, int]) -> None:
    # RNNoise overshoots int16 range on clipped speech; pyrnnoise's own wrapper casts to int16
    # unclipped, so those samples would wrap around to the opposite sign.
    clipped = np.clip(speech[0] * 4.0, -1.0, 1.0).astype(np.float32)
    out = model.enhance(clipped, speech[1]).audio  # type: ignore[attr-defined]
    assert np.all(np.isfinite(out)) and float(np.abs(out).max()) <= 1.0
    similarity = float(np.dot(out, clipped) / np.linalg.norm(out) / np.linalg.norm(clipped))
    assert similarity > 0.9, f"cosine(output, input)={similarity:.3f}, but should be > 0.9"


def test_same_input_same_output(model: object, speech: tuple[np.ndarray, int]) -> None:
    noisy = _with_white_noise(speech[0], 5.0, seed=2)
    first = model.enhance(noisy, speech[1]).audio  # type: ignore[attr-defined]
    model.enhance(np.ones(4800, np.float32) * 0.3, 48000)  # type: ignore[attr-defined]
    second = model.enhance(noisy, speech[1]).audio  # type: ignore[attr-defined]
    np.testing.assert_array_equal(first, second)


@pytest.mark.parametrize("sr", [16000, 44100])
def test_voice_probability_is_high_in_speech_and_low_in_silence_per_10_ms(model: object, sr: int) -> None:
    from pytest_audiocontract.spec.datasets import load_dataset

    dataset = load_dataset("vad")
    item = dataset.items[0]  # one Piper sentence in digital silence
    assert item.file is not None and item.regions
    audio, native = dataset.audio(item.file)
    audio = _adapter().resample(audio, native, sr)
    result = model.enhance(audio, sr)  # type: ignore[attr-defined]
    probability = result.voice_probability
    assert probability is not None and probability.dtype == np.float32
    assert probability.size == -(-audio.size * 100 // sr)  # one per 10 ms of input
    centres = (np.arange(probability.size) + 0.5) * 0.01
    ((start, end),) = item.regions
    inside = (centres >= start) & (centres < end)
    assert probability[inside].mean() > 0.8
    assert probability[~inside].mean() < 0.1
