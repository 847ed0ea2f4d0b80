"""The real PocketSphinx pack: batch and streaming recognition of a real voice, and its VAD."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from pack_adapters import adapter_module

pytest.importorskip("pocketsphinx", reason="pocketsphinx is not installed (model_packs/pocketsphinx)")

pytestmark = pytest.mark.slow

PACK = Path(__file__).resolve().parents[2] / "model_packs" / "pocketsphinx"
ALSA = Path("/usr/share/sounds/alsa")


def _adapter() -> ModuleType:
    return adapter_module("pocketsphinx")


@pytest.fixture(scope="module")
def model() -> Any:
    return _adapter().load("en_us", "cpu")


def _alsa(name: str) -> tuple[np.ndarray, int]:
    path = ALSA / f"{name}.wav"
    if not path.exists():
        pytest.skip(f"{path} is missing: apt-get install alsa-utils")
    audio, sr = sf.read(path, dtype="float32")
    return audio, sr


def _two_utterances(sr: int) -> tuple[np.ndarray, list[tuple[float, float]]]:
    a, _ = _alsa("Front_Right")
    b, _ = _alsa("Side_Right")
    gap = np.zeros(sr, dtype=np.float32)
    signal = np.concatenate([gap, a, gap, gap, b, gap])
    spans = [(1.0, 1.0 + a.size / sr), (3.0 + a.size / sr, 3.0 + (a.size + b.size) / sr)]
    return signal, spans


def test_transcribes_a_real_voice(model: Any) -> None:
    audio, sr = _alsa("Front_Right")
    result = model.transcribe(audio, sr)
    assert result.text == "front right"
    assert [s.text for s in result.segments] == ["front", "right"]
    assert all(0 <= s.start <= s.end <= audio.size / sr for s in result.segments)


def test_silence_gives_empty_text(model: Any) -> None:
    assert model.transcribe(np.zeros(16000, np.float32), 16000).text == ""
    assert model.transcribe(np.zeros(0, np.float32), 16000).text == ""


def test_same_input_same_text_after_other_audio(model: Any) -> None:
    audio, sr = _alsa("Side_Right")
    first = model.transcribe(audio, sr)
    model.transcribe(0.3 * np.random.default_rng(1).standard_normal(sr).astype(np.float32), sr)
    assert model.transcribe(audio, sr) == first


def test_stream_gives_one_final_per_utterance(model: Any) -> None:
    signal, spans = _two_utterances(48000)
    stream = model.start_stream(48000)
    events = []
    for i in range(0, signal.size, 4800):
        events += stream.push_audio(signal[i : i + 4800])
    events += stream.flush()
    transcript = stream.finalize()
    stream.close()
    finals = [e for e in events if e.is_final]
    assert [e.segment_id for e in finals] == [0, 1]
    assert any(not e.is_final for e in events), "no partial hypothesis before the finals"
    assert "right" in finals[0].text.split() and "right" in finals[1].text.split()
    assert transcript.text == " ".join(e.text for e in finals)
    for seg, (start, end) in zip(transcript.segments, spans, strict=True):
        assert seg.start < end and seg.end > start  # each segment overlaps its utterance


def test_interleaved_streams_match_sequential_ones(model: Any) -> None:
    signal, _ = _two_utterances(48000)
    other = signal[::-1].copy()

    def run(stream: Any, audio: np.ndarray) -> str:
        for i in range(0, audio.size, 1600):
            stream.push_audio(audio[i : i + 1600])
        return str(stream.finalize().text)

    alone = run(model.start_stream(48000), signal), run(model.start_stream(48000), other)
    s1, s2 = model.start_stream(48000), model.start_stream(48000)
    for i in range(0, signal.size, 1600):
        s1.push_audio(signal[i : i + 1600])
        s2.push_audio(other[i : i + 1600])
    assert (s1.finalize().text, s2.finalize().text) == alone


def test_vad_finds_the_two_utterances(model: Any) -> None:
    signal, spans = _two_utterances(48000)
    regions = model.detect_speech(signal, 48000).regions
    assert len(regions) == 2
    for (s, e), (start, end) in zip(regions, spans, strict=True):
        assert abs(s - start) < 0.3 and abs(e - end) < 0.3
    assert model.detect_speech(np.zeros(32000, np.float32), 16000).regions == []
