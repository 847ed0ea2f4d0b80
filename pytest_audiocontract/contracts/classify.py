"""classify: at most top_k labels, scores in [0, 1], sorted, every name declared."""

from __future__ import annotations

from pathlib import Path

from pytest_audiocontract.contracts.cases import ClassifyCase
from pytest_audiocontract.contracts.facts import strings_fact
from pytest_audiocontract.contracts.rules import Check, Facts, rule
from pytest_audiocontract.contracts.timing import finite, in_unit_interval
from pytest_audiocontract.types import Classification


def declared_labels(facts: Facts, pack_root: Path) -> set[str]:
    labels = facts.get("labels", [])
    if isinstance(labels, str):
        lines = (pack_root / labels).read_text(encoding="utf-8").splitlines()
        return {line.strip() for line in lines if line.strip()}
    return set(strings_fact(facts, "labels"))


def _result(check: Check, case: ClassifyCase) -> Classification | None:
    return check.result(case, Classification)


@rule("classify", "at_most_top_k", "at most top_k labels")
def at_most_top_k(check: Check, case: ClassifyCase) -> None:
    __tracebackhide__ = True
    result = _result(check, case)
    if result is not None:
        check.expect(
            len(result.labels) <= case.top_k, "len(labels)", len(result.labels), f"<= top_k={case.top_k}"
        )


@rule("classify", "scores_in_unit_interval", "scores in [0, 1]")
def scores_in_unit_interval(check: Check, case: ClassifyCase) -> None:
    __tracebackhide__ = True
    result = _result(check, case)
    in_unit_interval(check, [label.score for label in result.labels] if result else [], "labels[{}].score")


@rule("classify", "sorted_by_score", "labels sorted by score, descending")
def sorted_by_score(check: Check, case: ClassifyCase) -> None:
    __tracebackhide__ = True
    result = _result(check, case)
    scores = [label.score for label in result.labels] if result else []
    for i in range(1, len(scores)):
        if not finite(scores[i - 1], scores[i]):
            continue
        check.expect(
            scores[i - 1] >= scores[i],
            f"labels[{i}].score",
            scores[i],
            f"<= {scores[i - 1]} (sorted descending)",
        )


@rule(
    "classify",
    "labels_declared",
    "every label name is in the declared labels",
)
def labels_declared(check: Check, case: ClassifyCase) -> None:
    __tracebackhide__ = True
    result = _result(check, case)
    if result is None:
        return
    known = declared_labels(check.facts, check.binding.spec.root)
    for i, label in enumerate(result.labels):
        check.expect(
            label.name in known, f"labels[{i}].name", label.name, "one of the labels declared in claims.yaml"
        )
