"""VAD frame F1 on hand-counted regions."""

from __future__ import annotations

import numpy as np
import pytest

from pytest_audiocontract.metrics import events


def test_regions_to_frames_uses_frame_centres() -> None:
    frames = events.regions_to_frames([(0.02, 0.05)], duration=0.1)
    assert frames.size == 10
    # centres 0.005, 0.015, ...: 0.025, 0.035, 0.045 fall in [0.02, 0.05)
    assert np.flatnonzero(frames).tolist() == [2, 3, 4]
    assert events.regions_to_frames([], duration=0.3).size == 30
    assert events.regions_to_frames([], duration=0.305).size == 31


def test_half_overlap() -> None:
    # reference frames 0..99, estimate 50..149: tp 50, fp 50, fn 50
    assert events.frame_counts([(0.0, 1.0)], [(0.5, 1.5)], duration=2.0) == (50, 50, 50)
    assert events.vad_scores([[(0.0, 1.0)]], [[(0.5, 1.5)]], [2.0]) == pytest.approx((0.5, 0.5, 0.5))


def test_hand_counted_corpus() -> None:
    # clip 1: ref 0..0.4 (40 frames), est 0..0.3 -> tp 30, fn 10
    # clip 2: ref none, est 0.1..0.2 -> fp 10
    precision, recall, f1 = events.vad_scores([[(0.0, 0.4)], []], [[(0.0, 0.3)], [(0.1, 0.2)]], [1.0, 1.0])
    assert precision == pytest.approx(30 / 40)
    assert recall == pytest.approx(30 / 40)
    assert f1 == pytest.approx(0.75)


def test_several_regions_and_default_duration() -> None:
    ref = [(0.0, 0.1), (0.2, 0.3)]
    est = [(0.05, 0.25)]
    # ref frames 0-9, 20-29; est frames 5-24 -> tp 5 + 5, fp 10 (10-19), fn 5 + 5
    assert events.frame_counts(ref, est) == (10, 10, 10)


def test_empty_sides() -> None:
    assert events.vad_scores([[]], [[]], [1.0]) == (1.0, 1.0, 1.0)
    assert events.vad_scores([[(0.0, 0.5)]], [[]], [1.0]) == (0.0, 0.0, 0.0)
    assert events.vad_scores([[]], [[(0.0, 0.5)]], [1.0]) == (0.0, 0.0, 0.0)
    assert events.evaluate([[]], [[]])["vad_f1"] == 1.0


def test_validate() -> None:
    with pytest.raises(ValueError, match="start < end"):
        events.regions_to_frames([(0.5, 0.5)], 1.0)
    with pytest.raises(ValueError, match="one region list per clip"):
        events.vad_scores([[]], [])
    with pytest.raises(ValueError, match="len\\(durations\\)=2"):
        events.vad_scores([[]], [[]], [1.0, 2.0])
