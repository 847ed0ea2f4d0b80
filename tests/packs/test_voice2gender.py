"""The real voice2gender pack: it names the gender of real and synthetic voices, and returns
no labels where there is no voice to measure."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
import soundfile as sf
from pack_adapters import adapter_module

pytest.importorskip("voice2gender", reason="voice2gender is not installed (model_packs/voice2gender)")
pytest.importorskip("xgboost", reason="xgboost is not installed (model_packs/voice2gender)")

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "model_packs" / "voice2gender"
PAIRS = ROOT / "fixtures" / "speaker_pairs" / "audio"


def _adapter() -> ModuleType:
    return adapter_module("voice2gender")


@pytest.fixture(scope="module")
def model() -> object:
    return _adapter().load("default", "cpu")


@pytest.mark.parametrize(
    ("file", "gender"),
    [
        ("alsa_a.wav", "female"),  # the real alsa-utils voice
        ("alsa_b.wav", "female"),
        ("espeak_f3.wav", "female"),  # eSpeak NG en-us+f3
        ("espeak_us_a.wav", "male"),  # eSpeak NG en-us
        ("espeak_us_b.wav", "male"),
    ],
)
@pytest.mark.parametrize("sr", [16000, 44100])
def test_names_the_gender_of_the_voice(model: object, file: str, gender: str, sr: int) -> None:
    import soxr

    if not (PAIRS / file).exists():
        pytest.skip(f"{PAIRS / file} is missing: python fixtures/build.py speaker_pairs")
    audio, file_sr = sf.read(PAIRS / file, dtype="float32")
    audio = soxr.resample(audio, file_sr, sr).astype(np.float32)
    labels = model.classify(audio, sr, top_k=2).labels  # type: ignore[attr-defined]
    assert labels[0].name == gender and labels[0].score > 0.8, f"{file}: {labels}"
    assert sum(label.score for label in labels) == pytest.approx(1.0)


@pytest.mark.parametrize("length", [0, 1, 1000, 44100])
def test_no_voice_gives_no_labels(model: object, length: int) -> None:
    result = model.classify(np.zeros(length, np.float32), 44100)  # type: ignore[attr-defined]
    assert result.labels == []


def test_top_k_cuts_the_list(model: object) -> None:
    t = np.arange(44100) / 44100
    harmonics = np.stack([np.sin(2 * np.pi * 120 * k * t) / k for k in range(1, 8)])
    voice = harmonics.sum(axis=0).astype(np.float32)
    assert len(model.classify(0.1 * voice, 44100, top_k=1).labels) == 1  # type: ignore[attr-defined]
    assert model.classify(0.1 * voice, 44100, top_k=0).labels == []  # type: ignore[attr-defined]
