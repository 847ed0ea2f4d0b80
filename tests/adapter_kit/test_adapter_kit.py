"""The pack authors' helpers: what the adapters that use them rely on."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pytest_audiocontract.adapter_kit import (
    SILENCE_PEAK,
    find_nemo,
    model_input,
    speakable,
    spelled,
    token_budget,
    whole_input_transcript,
)
from pytest_audiocontract.errors import MissingRequirement


def test_silence_never_reaches_the_model() -> None:
    assert model_input(np.zeros(0, dtype=np.float32), 16000, 16000) is None
    assert model_input(np.full(800, SILENCE_PEAK / 2, dtype=np.float32), 16000, 16000) is None


def test_input_is_resampled_clipped_and_keeps_the_callers_duration() -> None:
    audio = np.full(4800, 1.5, dtype=np.float32)  # 0.1 s at 48 kHz, beyond full scale
    prepared = model_input(audio, 48000, 16000)
    assert prepared is not None
    assert prepared.audio.dtype == np.float32
    assert prepared.audio.size == 1600
    assert float(np.max(np.abs(prepared.audio))) <= 1.0
    assert prepared.duration == pytest.approx(0.1)


def test_short_input_is_padded_after_its_end_without_changing_its_duration() -> None:
    audio = np.full(100, 0.5, dtype=np.float32)
    prepared = model_input(audio, 16000, 16000, min_samples=2560)
    assert prepared is not None
    assert prepared.audio.size == 2560
    assert np.all(prepared.audio[:100] == 0.5) and not np.any(prepared.audio[100:])
    assert prepared.duration == pytest.approx(100 / 16000)


def test_stereo_input_is_mixed_to_mono() -> None:
    stereo = np.stack([np.full(160, 0.5), np.full(160, 0.5)], axis=1).astype(np.float32)
    prepared = model_input(stereo, 16000, 16000)
    assert prepared is not None and prepared.audio.ndim == 1


def test_whole_input_transcript() -> None:
    spoken = whole_input_transcript("  hello \n world ", 1.5, "en")
    assert spoken.text == "hello world"
    assert [(s.start, s.end, s.text) for s in spoken.segments] == [(0.0, 1.5, "hello world")]
    silent = whole_input_transcript(" ", 1.5, None)
    assert silent.text == "" and silent.segments == [] and silent.language is None


def test_token_budget_grows_with_duration_above_its_floor() -> None:
    assert token_budget(0.1, 8.0, 24) == 24
    assert token_budget(10.0, 8.0, 24) == 80


def test_speakable_blanks_control_characters_and_spelled_names_letters() -> None:
    assert speakable("a\x00b\u200bc") == "a b c"
    assert spelled("𐡘 1").split() == ["imperial", "aramaic", "number", "one", "digit", "one"]


def test_find_nemo_wants_exactly_one_file(tmp_path: Path) -> None:
    with pytest.raises(MissingRequirement, match="found none"):
        find_nemo(tmp_path)
    (tmp_path / "a.nemo").write_bytes(b"")
    assert find_nemo(tmp_path) == tmp_path / "a.nemo"
    (tmp_path / "b.nemo").write_bytes(b"")
    with pytest.raises(MissingRequirement, match=r"a\.nemo, b\.nemo"):
        find_nemo(tmp_path)
