"""audio/strategies.py: every drawn input is valid audio as PACK_SPEC defines it."""

from __future__ import annotations

import numpy as np
from hypothesis import find, given, settings
from hypothesis import strategies as st

from pytest_audiocontract.audio.silence import is_silence
from pytest_audiocontract.audio.strategies import (
    BLANK_TEXTS,
    EDGE_SPECS,
    MAX_RATE,
    MIN_RATE,
    AudioCase,
    audio_cases,
    chunk_sizes,
    edge_cases,
    rates,
    signal_specs,
    silent_cases,
    tts_texts,
)
from pytest_audiocontract.audio.synth import SignalSpec

FAST = settings(max_examples=60, deadline=None)


def assert_valid_audio(case: AudioCase, max_seconds: float) -> None:
    x = case.audio
    assert x.dtype == np.float32 and x.ndim == 1
    assert x.size == case.spec.n_samples <= int(max_seconds * case.sr)
    assert MIN_RATE <= case.sr <= MAX_RATE
    assert np.all(np.abs(x) <= 1.0) and np.all(np.isfinite(x))


@FAST
@given(audio_cases(max_seconds=0.5))
def test_audio_cases_are_valid_inputs(case: AudioCase) -> None:
    assert_valid_audio(case, 0.5)


@FAST
@given(silent_cases(max_seconds=0.5))
def test_silent_cases_are_silence(case: AudioCase) -> None:
    assert_valid_audio(case, 0.5)
    assert case.spec.is_silent
    assert case.audio.size == 0 or float(np.max(np.abs(case.audio))) < 1e-4


@FAST
@given(audio_cases(max_seconds=0.5, kinds=("tone", "noise", "full_scale", "dc_offset"), min_samples=400))
def test_sounding_kinds_are_not_silence(case: AudioCase) -> None:
    assert not is_silence(case.audio)


@FAST
@given(signal_specs(max_seconds=0.01, min_samples=3))
def test_min_samples_is_respected(spec: SignalSpec) -> None:
    assert spec.n_samples >= 3


@FAST
@given(rates())
def test_rates_are_in_range(sr: int) -> None:
    assert MIN_RATE <= sr <= MAX_RATE


@FAST
@given(chunk_sizes(max_samples=100))
def test_chunk_sizes(chunk: int) -> None:
    assert 0 <= chunk <= 2560


@FAST
@given(tts_texts())
def test_tts_texts_are_strings(text: str) -> None:
    assert isinstance(text, str) and len(text) <= 80


def test_tts_texts_reach_blank_and_non_ascii_text() -> None:
    assert find(tts_texts(), lambda t: not t.strip()) in BLANK_TEXTS
    assert find(tts_texts(), lambda t: any(ord(ch) > 127 for ch in t.strip()))


def test_edge_cases_cover_what_the_spec_lists() -> None:
    cases = edge_cases()
    assert [c.spec for c in cases] == list(EDGE_SPECS)
    kinds = {c.spec.kind for c in cases}
    assert {"silence", "full_scale", "clipped", "dc_offset"} <= kinds
    assert any(c.audio.size == 0 for c in cases)
    assert any(c.audio.size % 2 for c in cases)  # an odd length
    assert {c.sr for c in cases} >= {8000, 16000, 44100, 48000}
    for case in cases:
        assert_valid_audio(case, 30.0)


def test_audio_case_equality_hash_and_repr() -> None:
    spec = SignalSpec("tone", 16000, 100, level=0.1)
    a, b = AudioCase.of(spec), AudioCase.of(SignalSpec("tone", 16000, 100, level=0.1))
    assert a == b and hash(a) == hash(b)
    assert a != AudioCase.of(SignalSpec("tone", 16000, 101, level=0.1))
    rebuilt = eval(repr(a), {"AudioCase": AudioCase, "SignalSpec": SignalSpec})
    assert rebuilt == a
    np.testing.assert_array_equal(rebuilt.audio, a.audio)
    assert a.duration == 100 / 16000 and a.sr == 16000


def test_is_silence_threshold() -> None:
    assert is_silence(np.zeros(0, dtype=np.float32))
    assert is_silence(np.full(10, 9.9e-5, dtype=np.float32))
    assert is_silence(np.full(10, -9.9e-5, dtype=np.float32))
    assert not is_silence(np.full(10, 1e-4, dtype=np.float32))
    assert not is_silence(np.array([0, 0, -0.5], dtype=np.float32))


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_longest_length_follows_the_rate(data: st.DataObject) -> None:
    spec = data.draw(signal_specs(max_seconds=0.02))
    assert spec.n_samples <= int(0.02 * spec.sr)
