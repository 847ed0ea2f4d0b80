"""Single-label classification metrics: top-1 accuracy, precision/recall/F1, confusion matrix.

Inputs are the reference label and the top-1 predicted label of each clip (strings). The
classes are those that occur in either list, sorted, unless `labels` names them. A ratio with
a zero denominator (a class never predicted, or never present) is 0.0, as in scikit-learn's
``zero_division=0``. Averages:

- ``macro``: the unweighted mean over classes;
- ``weighted``: the mean over classes weighted by each class's reference count (support);
- ``micro``: from counts pooled over classes; for single-label data micro precision, recall
  and F1 all equal the accuracy over the clips whose reference is among the classes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from pytest_audiocontract.metrics.corpus import require_one_each, require_some

__all__ = [
    "Average",
    "ClassScores",
    "confusion_matrix",
    "evaluate",
    "per_class",
    "precision_recall_f1",
    "top1_accuracy",
    "validate",
]

Average = Literal["macro", "micro", "weighted"]


@dataclass(frozen=True)
class ClassScores:
    """Precision, recall and F1 (ratios) of one class, and its reference count."""

    precision: float
    recall: float
    f1: float
    support: int


def validate(references: Sequence[str], predictions: Sequence[str]) -> None:
    """Raise ValueError unless both are non-empty and of equal length."""
    require_one_each(references, predictions, "predictions", "one prediction per clip")
    require_some(references, "clip")


def top1_accuracy(references: Sequence[str], predictions: Sequence[str]) -> float:
    """Share of clips whose predicted label equals the reference label (a ratio)."""
    validate(references, predictions)
    return sum(r == p for r, p in zip(references, predictions, strict=True)) / len(references)


def confusion_matrix(
    references: Sequence[str], predictions: Sequence[str], labels: Sequence[str] | None = None
) -> tuple[list[str], npt.NDArray[np.int64]]:
    """(classes, matrix) where ``matrix[i, j]`` counts clips of class i predicted as class j.

    Clips whose reference or prediction is not among `labels` are left out.
    """
    validate(references, predictions)
    classes = list(labels) if labels is not None else sorted(set(references) | set(predictions))
    index = {name: i for i, name in enumerate(classes)}
    matrix = np.zeros((len(classes), len(classes)), dtype=np.int64)
    for reference, prediction in zip(references, predictions, strict=True):
        if reference in index and prediction in index:
            matrix[index[reference], index[prediction]] += 1
    return classes, matrix


def per_class(
    references: Sequence[str], predictions: Sequence[str], labels: Sequence[str] | None = None
) -> dict[str, ClassScores]:
    """Precision, recall, F1 and support of each class."""
    classes, tp, fp, fn = _counts(references, predictions, labels)
    precision, recall, f1 = _ratios(tp, fp, fn)
    return {
        name: ClassScores(float(precision[i]), float(recall[i]), float(f1[i]), int(tp[i] + fn[i]))
        for i, name in enumerate(classes)
    }


def precision_recall_f1(
    references: Sequence[str],
    predictions: Sequence[str],
    average: Average = "macro",
    labels: Sequence[str] | None = None,
) -> tuple[float, float, float]:
    """(precision, recall, F1) averaged as named by `average` (see module docstring)."""
    _, tp, fp, fn = _counts(references, predictions, labels)
    if average == "micro":
        p, r, f = _ratios(tp.sum(keepdims=True), fp.sum(keepdims=True), fn.sum(keepdims=True))
        return float(p[0]), float(r[0]), float(f[0])
    precision, recall, f1 = _ratios(tp, fp, fn)
    if average == "macro":
        weights = np.ones_like(tp, dtype=np.float64)
    elif average == "weighted":
        weights = (tp + fn).astype(np.float64)
    else:
        raise ValueError(f"average={average!r}, but should be 'macro', 'micro' or 'weighted'")
    if weights.sum() == 0:
        return 0.0, 0.0, 0.0
    return (
        float(np.average(precision, weights=weights)),
        float(np.average(recall, weights=weights)),
        float(np.average(f1, weights=weights)),
    )


def evaluate(
    references: Sequence[str], predictions: Sequence[str], labels: Sequence[str] | None = None
) -> dict[str, float]:
    """``top1_accuracy`` and ``{macro,micro,weighted}_{precision,recall,f1}`` (ratios)."""
    scores = {"top1_accuracy": top1_accuracy(references, predictions)}
    averages: tuple[Average, ...] = ("macro", "micro", "weighted")
    for average in averages:
        p, r, f = precision_recall_f1(references, predictions, average, labels)
        scores.update({f"{average}_precision": p, f"{average}_recall": r, f"{average}_f1": f})
    return scores


def _counts(
    references: Sequence[str], predictions: Sequence[str], labels: Sequence[str] | None
) -> tuple[list[str], npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    classes, matrix = confusion_matrix(references, predictions, labels)
    # Clips outside `labels` still count against the classes they touch, as in scikit-learn.
    index = {name: i for i, name in enumerate(classes)}
    tp = np.diag(matrix).copy()
    fp = np.zeros(len(classes), dtype=np.int64)
    fn = np.zeros(len(classes), dtype=np.int64)
    for reference, prediction in zip(references, predictions, strict=True):
        if reference == prediction:
            continue
        if prediction in index:
            fp[index[prediction]] += 1
        if reference in index:
            fn[index[reference]] += 1
    return classes, tp, fp, fn


def _ratios(
    tp: npt.NDArray[np.int64], fp: npt.NDArray[np.int64], fn: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    precision = _divide(tp, tp + fp)
    recall = _divide(tp, tp + fn)
    f1 = _divide(2 * precision * recall, precision + recall)
    return precision, recall, f1


def _divide(numerator: npt.ArrayLike, denominator: npt.ArrayLike) -> npt.NDArray[np.float64]:
    num = np.asarray(numerator, dtype=np.float64)
    den = np.asarray(denominator, dtype=np.float64)
    out = np.zeros_like(num)
    np.divide(num, den, out=out, where=den != 0)
    return out
