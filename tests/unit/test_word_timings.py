"""Word times of the speech fixtures: present for every item, and right on real recordings.

The alsa-utils items are a real voice; their word boundaries were marked by hand from frame
energies (tests/unit/data/alsa_word_boundaries.yaml says how). The aligned boundaries must lie
within TOLERANCE_S of every hand mark, and within MEAN_TOLERANCE_S on average.
"""

from __future__ import annotations

import ctypes.util
import importlib.util
from pathlib import Path

import pytest
import yaml

from pytest_audiocontract.spec.datasets import fixtures_root, load_dataset

TOLERANCE_S = 0.10
MEAN_TOLERANCE_S = 0.05
HAND_MARKS = Path(__file__).parent / "data" / "alsa_word_boundaries.yaml"


def test_every_speech_en_item_has_one_timed_word_per_word_of_its_text() -> None:
    dataset = load_dataset("speech_en")
    assert dataset.word_timings is not None
    assert dataset.word_timings["aligner"] == "pocketsphinx" and dataset.word_timings["version"]
    for item in dataset:
        assert item.words is not None, item.id
        assert [w for w, _, _ in item.words] == str(item.text).split(), item.id
        audio, sr = dataset.audio(str(item.file))
        assert all(0 <= start < end <= audio.size / sr + 1e-9 for _, start, end in item.words), item.id


def test_aligned_boundaries_of_the_real_recordings_match_the_hand_marks() -> None:
    marks = yaml.safe_load(HAND_MARKS.read_text(encoding="utf-8"))
    items = {i.id: i for i in load_dataset("speech_en")}
    errors = []
    for item_id, words in marks.items():
        aligned = items[item_id].words
        assert aligned is not None
        assert [w for w, _, _ in aligned] == [w for w, _, _ in words]
        for (word, start, end), (_, hand_start, hand_end) in zip(aligned, words, strict=True):
            for what, got, hand in (("start", start, hand_start), ("end", end, hand_end)):
                error = abs(got - hand)
                errors.append(error)
                assert error <= TOLERANCE_S + 1e-9, (
                    f"{item_id} {word} {what}={got} s, but should be within {TOLERANCE_S} s of the "
                    f"hand mark {hand} s"
                )
    assert sum(errors) / len(errors) <= MEAN_TOLERANCE_S


@pytest.mark.skipif(importlib.util.find_spec("pocketsphinx") is None, reason="pocketsphinx is not installed")
@pytest.mark.skipif(
    ctypes.util.find_library("espeak-ng") is None, reason="libespeak-ng is not installed (apt espeak-ng)"
)
def test_the_committed_word_times_are_what_the_aligner_gives_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(fixtures_root()))
    import word_align

    dataset = load_dataset("speech_en")
    for item in dataset:
        timed = word_align.timings(dataset.path(str(item.file)), str(item.text), item.extra.get("source"))
        assert [(w, s, e) for w, s, e in timed] == item.words, item.id
