"""Accuracy, precision/recall/F1 and the confusion matrix, by hand and against scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest

from pytest_audiocontract.metrics import classification

REFS = ["cat", "cat", "cat", "dog", "dog", "bird"]
PREDS = ["cat", "dog", "cat", "dog", "cat", "cat"]


def test_hand_computed() -> None:
    # cat: tp 2, fp 2 (dog->cat, bird->cat), fn 1; dog: tp 1, fp 1, fn 1; bird: tp 0, fn 1.
    assert classification.top1_accuracy(REFS, PREDS) == pytest.approx(3 / 6)
    classes, matrix = classification.confusion_matrix(REFS, PREDS)
    assert classes == ["bird", "cat", "dog"]
    assert matrix.tolist() == [[0, 1, 0], [0, 2, 1], [0, 1, 1]]
    scores = classification.per_class(REFS, PREDS)
    assert scores["cat"] == classification.ClassScores(0.5, 2 / 3, pytest.approx(4 / 7), 3)  # type: ignore[arg-type]
    assert scores["dog"].precision == pytest.approx(0.5)
    assert scores["dog"].recall == pytest.approx(0.5)
    assert scores["bird"] == classification.ClassScores(0.0, 0.0, 0.0, 1)
    p, r, f = classification.precision_recall_f1(REFS, PREDS, "macro")
    assert p == pytest.approx((0 + 0.5 + 0.5) / 3)
    assert r == pytest.approx((0 + 2 / 3 + 0.5) / 3)
    assert f == pytest.approx((0 + 4 / 7 + 0.5) / 3)
    p, r, f = classification.precision_recall_f1(REFS, PREDS, "weighted")
    assert p == pytest.approx((1 * 0 + 3 * 0.5 + 2 * 0.5) / 6)
    assert r == pytest.approx((1 * 0 + 3 * 2 / 3 + 2 * 0.5) / 6)
    assert classification.precision_recall_f1(REFS, PREDS, "micro") == pytest.approx((0.5, 0.5, 0.5))


def test_matches_scikit_learn() -> None:
    metrics = pytest.importorskip("sklearn.metrics", reason="scikit-learn is not installed")
    rng = np.random.default_rng(0)
    names = ["a", "b", "c", "d", "e"]
    refs = [str(x) for x in rng.choice(names, 200)]
    preds = [r if rng.random() < 0.6 else str(rng.choice(names[:4])) for r in refs]
    for average in ("macro", "micro", "weighted"):
        expected = metrics.precision_recall_fscore_support(refs, preds, average=average, zero_division=0)[:3]
        got = classification.precision_recall_f1(refs, preds, average)  # type: ignore[arg-type]
        assert got == pytest.approx(expected), average
    subset = ["a", "c", "e"]
    expected = metrics.precision_recall_fscore_support(
        refs, preds, average="macro", labels=subset, zero_division=0
    )[:3]
    assert classification.precision_recall_f1(refs, preds, "macro", subset) == pytest.approx(expected)
    classes, matrix = classification.confusion_matrix(refs, preds)
    assert np.array_equal(matrix, metrics.confusion_matrix(refs, preds, labels=classes))
    assert classification.top1_accuracy(refs, preds) == pytest.approx(metrics.accuracy_score(refs, preds))


def test_evaluate_keys() -> None:
    scores = classification.evaluate(REFS, PREDS)
    assert scores["top1_accuracy"] == pytest.approx(0.5)
    assert {f"{a}_{m}" for a in ("macro", "micro", "weighted") for m in ("precision", "recall", "f1")} < set(
        scores
    )


def test_validate() -> None:
    with pytest.raises(ValueError, match="one prediction per clip"):
        classification.top1_accuracy(["a"], [])
    with pytest.raises(ValueError, match="at least one clip"):
        classification.top1_accuracy([], [])
    with pytest.raises(ValueError, match="average='median'"):
        classification.precision_recall_f1(["a"], ["a"], "median")  # type: ignore[arg-type]
