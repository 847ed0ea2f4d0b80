"""The real Silero VAD pack: it finds speech where speech is, and nothing in silence or noise."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from pack_adapters import adapter_module

pytest.importorskip("onnxruntime", reason="onnxruntime is not installed (model_packs/silero_vad)")
pytest.importorskip("faster_whisper", reason="faster-whisper (ships the ONNX model) is not installed")

pytestmark = pytest.mark.slow

PACK = Path(__file__).resolve().parents[2] / "model_packs" / "silero_vad"
FRONT_LEFT = Path("/usr/share/sounds/alsa/Front_Left.wav")


def _adapter() -> ModuleType:
    return adapter_module("silero_vad")


@pytest.fixture(scope="module", params=["onnx", "pytorch"])
def vad(request: pytest.FixtureRequest) -> Any:
    if request.param == "pytorch":
        pytest.importorskip("silero_vad", reason="silero-vad (variant pytorch) is not installed")
    return _adapter().load(request.param, "cpu")


@pytest.fixture(scope="module")
def speech() -> tuple[np.ndarray, int]:
    if not FRONT_LEFT.exists():
        pytest.skip(f"{FRONT_LEFT} is missing: apt-get install alsa-utils")
    audio, sr = sf.read(FRONT_LEFT, dtype="float32")
    return audio, sr


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def test_finds_speech_placed_in_silence(vad: Any, speech: tuple[np.ndarray, int]) -> None:
    audio, sr = speech
    gap = np.zeros(2 * sr, dtype=np.float32)
    signal = np.concatenate([gap, audio, gap, audio, gap[: sr // 2]])
    first = (2.0, 2.0 + audio.size / sr)
    second = (4.0 + audio.size / sr, 4.0 + 2 * audio.size / sr)
    regions = vad.detect_speech(signal, sr).regions
    assert regions, "no speech found where the alsa recording was placed"
    covered = sum(_overlap(r, first) + _overlap(r, second) for r in regions)
    outside = sum(e - s for s, e in regions) - covered
    # The recording holds pauses between its two words, so not all of it is speech.
    assert covered >= 0.6 * (first[1] - first[0] + second[1] - second[0])
    assert outside <= 0.5, f"{outside:.2f} s marked as speech in the silent gaps: {regions}"


def test_rates_agree(vad: Any, speech: tuple[np.ndarray, int]) -> None:
    import soxr

    audio, sr = speech
    at_8k = soxr.resample(audio, sr, 8000).astype(np.float32)
    a, b = vad.detect_speech(audio, sr).regions, vad.detect_speech(at_8k, 8000).regions
    assert len(a) == len(b) >= 1
    for (s1, e1), (s2, e2) in zip(a, b, strict=True):
        assert abs(s1 - s2) <= 0.1 and abs(e1 - e2) <= 0.1


def test_silence_and_noise_give_no_regions(vad: Any) -> None:
    assert vad.detect_speech(np.zeros(16000, dtype=np.float32), 16000).regions == []
    assert vad.detect_speech(np.zeros(0, dtype=np.float32), 16000).regions == []
    noise = 0.05 * np.random.default_rng(0).standard_normal(3 * 16000).astype(np.float32)
    assert vad.detect_speech(noise, 16000).regions == []


def test_state_does_not_leak_between_calls(vad: Any, speech: tuple[np.ndarray, int]) -> None:
    audio, sr = speech
    before = vad.detect_speech(audio, sr).regions
    vad.detect_speech(np.ones(sr, dtype=np.float32) * 0.9, sr)
    assert vad.detect_speech(audio, sr).regions == before


def test_region_logic_against_hand_computed_case() -> None:
    module = _adapter()
    hop = module.WINDOW / module.MODEL_SR  # 0.032 s
    probs = np.array([0.0] * 10 + [0.9] * 20 + [0.0] * 10, dtype=np.float32)
    regions = module.regions_from_probabilities(probs, 40 * hop, module.RegionOptions())
    # speech from window 10 to window 30, padded by 30 ms each side
    assert regions == [pytest.approx((10 * hop - 0.03, 30 * hop + 0.03))]
