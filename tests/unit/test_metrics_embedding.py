"""Cosine similarity and the same-speaker margin on vectors with known angles."""

from __future__ import annotations

import math

import numpy as np
import pytest

from pytest_audiocontract.metrics import embedding


def _unit(degrees: float) -> np.ndarray:
    radians = math.radians(degrees)
    return np.array([math.cos(radians), math.sin(radians)], dtype=np.float32)


def test_cosine_similarity() -> None:
    assert embedding.cosine_similarity(_unit(0), _unit(60)) == pytest.approx(0.5, abs=1e-6)
    assert embedding.cosine_similarity([1, 0, 0], [0, 3, 0]) == 0.0
    assert embedding.cosine_similarity([2, 2], [-1, -1]) == pytest.approx(-1.0)
    with pytest.raises(ValueError, match="all zeros"):
        embedding.cosine_similarity([0, 0], [1, 0])
    with pytest.raises(ValueError, match="should match"):
        embedding.cosine_similarity([1, 0], [1, 0, 0])


def test_same_speaker_margin_by_hand() -> None:
    # speaker a at 0 and 60 degrees, speaker b at 90 and 120 degrees.
    vectors = [_unit(0), _unit(60), _unit(90), _unit(120)]
    speakers = ["a", "a", "b", "b"]
    same = (math.cos(math.radians(60)) + math.cos(math.radians(30))) / 2
    different = sum(math.cos(math.radians(d)) for d in (90, 120, 30, 60)) / 4
    scores = embedding.evaluate(vectors, speakers)
    assert scores["same_speaker_cosine"] == pytest.approx(same, abs=1e-6)
    assert scores["different_speaker_cosine"] == pytest.approx(different, abs=1e-6)
    assert embedding.same_speaker_margin(vectors, speakers) == pytest.approx(same - different, abs=1e-6)


def test_validate_needs_both_kinds_of_pair() -> None:
    with pytest.raises(ValueError, match="at least one of each"):
        embedding.same_speaker_margin([_unit(0), _unit(10)], ["a", "b"])
    with pytest.raises(ValueError, match="at least one of each"):
        embedding.same_speaker_margin([_unit(0), _unit(10)], ["a", "a"])
    with pytest.raises(ValueError, match="one speaker id per embedding"):
        embedding.same_speaker_margin([_unit(0)], ["a", "b"])
    with pytest.raises(ValueError, match="share one 1-D shape"):
        embedding.same_speaker_margin([np.ones(2), np.ones(3), np.ones(2)], ["a", "a", "b"])
