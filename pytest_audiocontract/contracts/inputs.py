"""Which inputs each surface's rules draw, built from the pack's surface facts."""

from __future__ import annotations

import math

from hypothesis import strategies as st

from pytest_audiocontract.audio.strategies import (
    TTS_SENTENCES,
    AudioCase,
    audio_cases,
    chunk_sizes,
    edge_cases,
    silent_cases,
    tts_texts,
)
from pytest_audiocontract.contracts.cases import Case, ClassifyCase, StreamCase, TextCase
from pytest_audiocontract.contracts.facts import Facts, number_fact

DEFAULT_MAX_AUDIO_S = 30.0
MAX_CHUNKS_PER_STREAM = 400  # keeps a 30 s stream pushed in tiny chunks affordable


def max_seconds(facts: Facts) -> float:
    return number_fact(facts, "max_audio_s", DEFAULT_MAX_AUDIO_S)


def has_alnum(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def cases_for(surface: str, facts: Facts, *, silent: bool = False) -> st.SearchStrategy[Case]:
    """The strategy of valid inputs for `surface` (only silent ones when `silent`)."""
    audio = silent_cases(max_seconds(facts)) if silent else audio_cases(max_seconds(facts))
    if surface == "classify":
        return st.builds(ClassifyCase, audio, st.integers(1, 10))
    if surface == "asr_stream":
        return st.builds(_stream_case, audio, chunk_sizes())
    if surface == "tts":
        return tts_texts().filter(has_alnum).map(TextCase)
    return audio


def examples_for(surface: str, facts: Facts, *, silent: bool = False) -> list[Case]:
    edges = [c for c in edge_cases() if c.duration <= max_seconds(facts)]
    if silent:
        edges = [c for c in edges if c.spec.is_silent]
    if surface == "classify":
        return [ClassifyCase(c, k) for c, k in zip(edges, (1, 5, 3, 10, 2, 5), strict=False)]
    if surface == "asr_stream":
        return [_stream_case(c, k) for c, k in zip(edges, (160, 1, 4000, 0, 2560, 333), strict=False)]
    if surface == "tts":
        return [] if silent else [TextCase(t) for t in TTS_SENTENCES]
    return [*edges]


def _stream_case(audio: AudioCase, chunk: int) -> StreamCase:
    floor = math.ceil(audio.spec.n_samples / MAX_CHUNKS_PER_STREAM)
    return StreamCase(audio, max(chunk, floor))
