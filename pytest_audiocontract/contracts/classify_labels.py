"""classify with the labels of the call: a zero-shot classifier (CLAP and the like) that
declares `per_call_labels: true` ranks exactly the candidates it is given.

The other classify rules call without `labels=` (the declared label set); this one passes
labels of its own, some of them names no pack declares, and checks that every returned name
is one of them, none twice, and that all of them come back when `top_k` allows it.
"""

from __future__ import annotations

from hypothesis import strategies as st

from pytest_audiocontract.audio.strategies import audio_cases, edge_cases
from pytest_audiocontract.contracts.cases import ClassifyCase
from pytest_audiocontract.contracts.inputs import max_seconds
from pytest_audiocontract.contracts.rules import Check, Facts, rule
from pytest_audiocontract.types import Classification

FACT = "per_call_labels"

# Sound-event prompts of the kind zero-shot classifiers are given, beside arbitrary text.
COMMON_LABELS = ("dog barking", "siren", "speech", "music", "rain", "a bell ringing", "Engine")
EXAMPLE_LABELS: tuple[tuple[str, ...], ...] = (
    ("dog barking", "siren", "rain"),
    ("speech",),
    ("a bell ringing", "music", "Engine", "rain", "siren", "speech", "dog barking"),
    ("glass breaking", "applause"),
    ("Stimme", "音楽", "pájaros"),
    ("siren", "speech"),
)


def _label() -> st.SearchStrategy[str]:
    text = st.text(st.characters(categories=("L", "Nd", "Zs", "Pd")), min_size=1, max_size=24)
    # Labels as a caller writes them: no leading or trailing blanks, never blank.
    return st.one_of(st.sampled_from(COMMON_LABELS), text.map(str.strip).filter(bool))


def label_sets() -> st.SearchStrategy[tuple[str, ...]]:
    """1 to 8 distinct candidate labels."""
    return st.lists(_label(), min_size=1, max_size=8, unique=True).map(tuple)


def _applies(facts: Facts) -> str | None:
    if facts.get(FACT) is True:
        return None
    return (
        f"the pack does not declare {FACT}: true under surfaces.classify "
        "(only classifiers that take labels= in the call are checked with them)"
    )


def _cases(facts: Facts) -> st.SearchStrategy[ClassifyCase]:
    return st.builds(ClassifyCase, audio_cases(max_seconds(facts)), st.integers(1, 10), label_sets())


def _examples(facts: Facts) -> list[ClassifyCase]:
    edges = [c for c in edge_cases() if c.duration <= max_seconds(facts)]
    tops = (3, 1, 5, 10, 2, 1)
    return [ClassifyCase(c, k, labels) for c, k, labels in zip(edges, tops, EXAMPLE_LABELS, strict=False)]


@rule(
    "classify",
    "per_call_labels_returned",
    "with labels= in the call, the result names only those labels, each once, all of them when top_k allows",
    cases=_cases,
    examples=_examples,
    applies=_applies,
)
def per_call_labels_returned(check: Check, case: ClassifyCase) -> None:
    __tracebackhide__ = True
    outcome = check.output(case)
    if not (outcome.ok and isinstance(outcome.value, Classification)):
        return  # returns_result_type judges what is not a Classification
    assert case.labels is not None
    given = list(case.labels)
    names: list[object] = [getattr(label, "name", label) for label in outcome.value.labels]
    for i, name in enumerate(names):
        check.expect(name in given, f"labels[{i}].name", name, f"one of the call's labels {given!r}")
        check.expect(name not in names[:i], f"labels[{i}].name", name, "a label not returned before")
    if case.top_k >= len(given):
        missing = [label for label in given if label not in names]
        check.expect(
            not missing,
            "missing labels",
            missing,
            f"[]: top_k={case.top_k} leaves room for every one of the call's {len(given)} labels",
        )
