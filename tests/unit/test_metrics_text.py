"""WER/CER and the English normaliser, checked against hand counts and plain jiwer."""

from __future__ import annotations

import re
from pathlib import Path

import jiwer
import pytest

from pytest_audiocontract.metrics import text
from pytest_audiocontract.metrics.normalize import (
    NORMALISER_VERSION,
    integer_words,
    normalize,
    ordinal_words,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Hello, World!", "hello world"),
        ("21", "twenty one"),
        ("1,000", "one thousand"),
        ("1,234,567", "one million two hundred thirty four thousand five hundred sixty seven"),
        ("3.5", "three point five"),
        ("0.05", "zero point zero five"),
        ("1st 2nd 3rd 4th", "first second third fourth"),
        ("21st 12th 20th 100th", "twenty first twelfth twentieth one hundredth"),
        ("50%", "fifty percent"),
        ("I don't know", "i don't know"),
        ("'quoted' dogs'", "quoted dogs"),
        ("It\u2019s", "it's"),
        ("twenty-one", "twenty one"),
        ("U.S.", "u s"),
        ("mp3", "mp three"),
        ("007", "zero zero seven"),
        ("Rock & Roll", "rock and roll"),
        ("  many \t spaces\n", "many spaces"),
        ("\uff28\uff45\uff4c\uff4c\uff4f \uff11\uff12", "hello twelve"),  # full-width, NFKC
        ("I have 5.", "i have five"),
        ("1,2,3", "one two three"),
        ("", ""),
    ],
)
def test_normalize_examples(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "zero"),
        (13, "thirteen"),
        (40, "forty"),
        (99, "ninety nine"),
        (105, "one hundred five"),
        (1000, "one thousand"),
        (1001, "one thousand one"),
        (1999, "one thousand nine hundred ninety nine"),
        (2_000_300, "two million three hundred"),
        (10**12, "one trillion"),
    ],
)
def test_integer_words(number: int, words: str) -> None:
    assert integer_words(str(number)) == words


def test_huge_numbers_are_read_digit_by_digit() -> None:
    assert integer_words("1" + "0" * 15) == "one " + " ".join(["zero"] * 15)


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (1, "first"),
        (5, "fifth"),
        (8, "eighth"),
        (9, "ninth"),
        (30, "thirtieth"),
        (1000, "one thousandth"),
    ],
)
def test_ordinal_words(number: int, words: str) -> None:
    assert ordinal_words(number) == words


def test_digits_and_spelled_words_compare_equal() -> None:
    refs = ["I was born on the twenty-first of March, nineteen ninety nine"]
    hyps = ["I was born on the 21st of March, nineteen ninety nine."]
    assert text.wer(refs, hyps) == 0.0
    assert text.wer(["it costs three point five percent"], ["It costs 3.5%"]) == 0.0
    assert text.wer(["one thousand people"], ["1,000 people"]) == 0.0


def test_wer_hand_counted_corpus() -> None:
    # utt 1: 6 words, "on" deleted -> 1 error; utt 2: 4 words, "dog"->"cat" -> 1 error;
    # utt 3: 2 words, "yes" inserted -> 1 error. Corpus: 3 errors / 12 words.
    refs = ["The cat sat on the mat", "a dog barks loudly", "good morning"]
    hyps = ["the cat sat the mat", "a cat barks loudly", "yes good morning"]
    counts = text.word_errors(refs, hyps)
    assert (counts.substitutions, counts.deletions, counts.insertions) == (1, 1, 1)
    assert counts.reference_length == 12
    assert text.wer(refs, hyps) == pytest.approx(3 / 12)


def test_corpus_wer_is_not_the_mean_of_utterance_wers() -> None:
    refs = ["a", "b c d e f g h i j k"]
    hyps = ["x", "b c d e f g h i j k"]
    assert text.wer(refs, hyps) == pytest.approx(1 / 11)  # the mean would be 0.5


def test_matches_plain_jiwer_on_normalised_text() -> None:
    refs = ["Hello there, general Kenobi", "you are a bold one", "the quick brown fox"]
    hyps = ["hello their general kenobi", "you are bold one now", "quick brown box jumps"]
    normed_refs = [normalize(r) for r in refs]
    normed_hyps = [normalize(h) for h in hyps]
    assert text.wer(refs, hyps) == pytest.approx(jiwer.wer(normed_refs, normed_hyps))
    assert text.cer(refs, hyps) == pytest.approx(jiwer.cer(normed_refs, normed_hyps))


def test_cer_hand_counted() -> None:
    # "abcd" -> "abxd": 1 substitution over 4 characters; the space is a character too.
    assert text.cer(["abcd"], ["abxd"]) == pytest.approx(1 / 4)
    assert text.cer(["ab cd"], ["abcd"]) == pytest.approx(1 / 5)


def test_empty_reference_utterance_counts_insertions() -> None:
    counts = text.word_errors(["", "one two"], ["uh huh", "one two"])
    assert counts.insertions == 2
    assert counts.reference_length == 2
    assert counts.rate == pytest.approx(1.0)


def test_whole_corpus_empty_reference() -> None:
    assert text.wer([""], [""]) == 0.0
    assert text.wer(["", "  ..."], ["", ""]) == 0.0
    assert text.wer([""], ["hello"]) == 1.0
    assert text.cer([""], ["hello"]) == 1.0
    assert text.wer([], []) == 0.0


def test_evaluate_shape_and_stamp() -> None:
    scores = text.evaluate(["a b c"], ["a x c d"])
    assert scores["normaliser"] == NORMALISER_VERSION
    assert scores["wer"] == pytest.approx(2 / 3)
    assert scores["substitutions"] == 1.0
    assert scores["insertions"] == 1.0
    assert scores["deletions"] == 0.0
    assert scores["reference_words"] == 3.0
    assert all(isinstance(v, float) for k, v in scores.items() if k != "normaliser")
    assert text.word_errors(["a"], ["a"]).normaliser == NORMALISER_VERSION


def test_validate_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="single str"):
        text.wer("a b", "a b")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="len\\(references\\)=2"):
        text.wer(["a", "b"], ["a"])
    with pytest.raises(ValueError, match="hypotheses\\[0\\] is a int"):
        text.wer(["a"], [3])  # type: ignore[list-item]


def test_examples_in_docs_hold() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "metrics.md"
    if not docs.exists():
        pytest.skip(f"{docs} is not in this checkout")
    after = docs.read_text(encoding="utf-8").split("### The normaliser", 1)[1]
    section = after.split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([^`]*)`[^|]*\| `([^`]*)` \|$", section, flags=re.MULTILINE)
    assert len(rows) >= 10
    for raw, expected in rows:
        assert normalize(raw) == expected, raw
