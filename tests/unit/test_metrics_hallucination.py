"""The text figures of the hallucination rules, by hand."""

from __future__ import annotations

import pytest

from pytest_audiocontract.metrics.hallucination import (
    repeat_ngram_rate,
    spoken_characters,
    spoken_words,
    word_disagreement,
)


def test_tags_and_punctuation_are_not_words() -> None:
    assert spoken_words("[Music] (beeping) *applause* ♪ la la ♪ . . . -- !") == []
    assert spoken_words("Thank you. [laughs] See you!") == ["Thank", "you.", "See", "you!"]
    assert spoken_characters("[Music] 你好世界") == 4  # a script without spaces counts by letters


def test_repeat_3gram_rate_by_hand() -> None:
    assert repeat_ngram_rate("the quick brown fox jumps over the lazy dog") == (0.0, 7)
    # 3-grams: a b c, b c a, c a b, a b c (repeat), b c a (repeat), c a b (repeat), a b c (repeat)
    assert repeat_ngram_rate("a b c a b c a b c") == (pytest.approx(4 / 7), 7)
    # compared after the normaliser: case and punctuation do not hide a loop
    assert repeat_ngram_rate("Thank you, so. thank you so THANK YOU SO") == (pytest.approx(4 / 7), 7)
    assert repeat_ngram_rate("two words") == (0.0, 0)


def test_word_disagreement_is_the_wer_of_one_against_the_other() -> None:
    assert word_disagreement("My sister bought a bicycle.", "my sister bought a bicycle") == 0.0
    assert word_disagreement("the cat sat on the mat", "the cat sat") == pytest.approx(3 / 6)
    assert word_disagreement("", "") == 0.0
    assert word_disagreement("", "hello") == 1.0
