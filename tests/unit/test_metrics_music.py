"""Onset-only note F1, checked by hand and against mir_eval's precision_recall_f1_overlap."""

from __future__ import annotations

import numpy as np
import pytest

from pytest_audiocontract.metrics import music
from pytest_audiocontract.types import Note

mir_eval_transcription = pytest.importorskip(
    "mir_eval.transcription", reason="mir_eval is not installed (metrics extra)"
)


def _note(onset: float, pitch: int, offset: float | None = None) -> Note:
    return Note(onset=onset, offset=onset + 0.5 if offset is None else offset, pitch=pitch, velocity=0.8)


def test_midi_to_hz() -> None:
    assert music.midi_to_hz(69) == pytest.approx(440.0)
    assert music.midi_to_hz(60) == pytest.approx(261.6255653, rel=1e-9)
    assert music.midi_to_hz(81) == pytest.approx(880.0)


def test_hand_counted_matches() -> None:
    reference = [_note(0.0, 60), _note(1.0, 62), _note(2.0, 64), _note(3.0, 65)]
    estimate = [
        _note(0.04, 60),  # onset 40 ms late: match
        _note(1.06, 62),  # 60 ms late: no match
        _note(2.0, 65),  # wrong pitch (100 cents): no match
        _note(3.0, 65, offset=3.01),  # offsets are ignored: match
        _note(4.0, 70),  # nothing there: false positive
    ]
    precision, recall, f1 = music.note_scores([reference], [estimate])
    assert precision == pytest.approx(2 / 5)
    assert recall == pytest.approx(2 / 4)
    assert f1 == pytest.approx(2 * (2 / 5) * (2 / 4) / (2 / 5 + 2 / 4))


def test_single_piece_matches_mir_eval() -> None:
    rng = np.random.default_rng(0)
    onsets = np.sort(rng.uniform(0, 10, 40))
    reference = [_note(float(o), int(p)) for o, p in zip(onsets, rng.integers(40, 80, 40), strict=True)]
    estimate = [
        _note(float(n.onset + rng.normal(0, 0.04)), n.pitch + int(rng.random() < 0.2))
        for n in reference
        if rng.random() < 0.85
    ]
    estimate.sort(key=lambda n: n.onset)
    estimate = [n for n in estimate if n.onset >= 0]
    expected = mir_eval_transcription.precision_recall_f1_overlap(
        np.array([[n.onset, n.offset] for n in reference]),
        music.midi_to_hz([n.pitch for n in reference]),
        np.array([[n.onset, n.offset] for n in estimate]),
        music.midi_to_hz([n.pitch for n in estimate]),
        onset_tolerance=0.05,
        pitch_tolerance=50.0,
        offset_ratio=None,
    )[:3]
    assert music.note_scores([reference], [estimate]) == pytest.approx(expected)


def test_corpus_pools_counts() -> None:
    piece_a = ([_note(0.0, 60)], [_note(0.0, 60)])  # 1 of 1
    piece_b = ([_note(float(i), 60) for i in range(9)], [_note(0.0, 60)])  # 1 of 9
    precision, recall, _ = music.note_scores([piece_a[0], piece_b[0]], [piece_a[1], piece_b[1]])
    assert precision == pytest.approx(2 / 2)
    assert recall == pytest.approx(2 / 10)  # a mean of per-piece recalls would give 5/9


def test_empty_sides() -> None:
    assert music.note_scores([[]], [[]]) == (1.0, 1.0, 1.0)
    assert music.note_scores([[_note(0.0, 60)]], [[]]) == (0.0, 0.0, 0.0)
    assert music.note_scores([[]], [[_note(0.0, 60)]]) == (0.0, 0.0, 0.0)
    assert music.evaluate([[]], [[]])["note_f1"] == 1.0


def test_validate() -> None:
    with pytest.raises(ValueError, match="onset should be less than offset"):
        music.note_scores([[_note(1.0, 60, offset=1.0)]], [[]])
    with pytest.raises(ValueError, match="pitch=128"):
        music.note_scores([[_note(1.0, 128)]], [[]])
    with pytest.raises(ValueError, match="one note list per piece"):
        music.note_scores([[]], [])
