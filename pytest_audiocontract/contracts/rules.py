"""Contract rules: the registry, and the `Check` through which a rule reports a violation."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from hypothesis import settings
from hypothesis import strategies as st

from pytest_audiocontract.contracts.binding import Binding, Outcome, call_text
from pytest_audiocontract.contracts.cases import Case
from pytest_audiocontract.contracts.facts import Facts
from pytest_audiocontract.contracts.inputs import cases_for, examples_for
from pytest_audiocontract.errors import ContractViolation
from pytest_audiocontract.spec.model import PackSpec

__all__ = ["Check", "Facts", "Rule", "register", "rule", "rules_for"]

R = TypeVar("R")


@dataclass
class Check:
    """What a rule needs while it runs: the bound model, which surface and rule, and `fail`."""

    binding: Binding
    surface: str
    rule: str
    facts: Facts
    case: Case | None = None
    hypothesis_settings: settings | None = None  # stateful rules run their machine under these
    # Errors the model raised on this rule's inputs. A rule cannot hold on an input the method
    # raised on: returns_result_type fails for it, and the runner keeps other rules from passing.
    raised: list[BaseException] = field(default_factory=list)
    earlier_calls: int = 0  # calls the model had answered when this check began (for replays)

    def output(self, case: Case) -> Outcome:
        self.case = case
        return self._seen(self.binding.run(self.surface, case))

    def result(self, case: Case, cls: type[R]) -> R | None:
        """The call's result when it returned a `cls`, else None (other rules report that)."""
        outcome = self.output(case)
        return outcome.value if outcome.ok and isinstance(outcome.value, cls) else None

    def fresh(self, case: Case) -> Outcome:
        """A call that skips the per-input cache (the determinism rule calls twice)."""
        return self._seen(self.binding.run_fresh(self.surface, case))

    def _seen(self, outcome: Outcome) -> Outcome:
        if outcome.error is not None:
            self.raised.append(outcome.error)
        return outcome

    def fail(self, what: str, got: object, expected: str, call: str | None = None) -> None:
        __tracebackhide__ = True
        raise ContractViolation(
            pack=self.binding.label,
            surface=self.surface,
            rule=self.rule,
            what=what,
            got=got,
            expected=expected,
            call=call or (call_text(self.surface, self.case) if self.case is not None else ""),
        )

    def expect(self, ok: bool, what: str, got: object, expected: str) -> None:
        __tracebackhide__ = True
        if not ok:
            self.fail(what, got, expected)


# Each rule's check takes its own surface's case type (AudioCase, ClassifyCase, StreamCase,
# TextCase; None for a stateful rule), and the registry holds the rules of every surface:
# typing cannot say "the case type its strategy draws": the check's case stays untyped.
CheckFn = Callable[[Check, Any], None]
StrategyFn = Callable[[Facts], st.SearchStrategy[object]]
ExamplesFn = Callable[[Facts], Sequence[object]]


@dataclass(frozen=True)
class Rule:
    """One conformance rule of PACK_SPEC, run as one test item per pack.

    `cases(facts)` gives the Hypothesis strategy of inputs; `examples(facts)` inputs always tried
    first; `applies(facts)` returns None or the reason the rule does not apply to this pack
    (the item is skipped with that reason). A `stateful` rule draws its own inputs: `check` is
    called once with `case=None` and runs a Hypothesis state machine. A rule that `judges_raises`
    decides itself whether a raise is allowed; for any other rule, a raise on its input means
    the rule was not judged there (it is skipped, never passed). A rule that `judges_behaviour`
    is about what a trained model says (the hallucination rules), so it is skipped on a variant
    whose weights are random (`random_weights_reason`).
    """

    surface: str
    name: str
    summary: str
    check: CheckFn
    cases: StrategyFn | None = None
    examples: ExamplesFn = field(default=lambda facts: [])
    applies: Callable[[Facts], str | None] = field(default=lambda facts: None)
    stateful: bool = False
    judges_raises: bool = False
    judges_behaviour: bool = False

    @property
    def id(self) -> str:
        return f"{self.surface}::{self.name}"


RULES: dict[str, list[Rule]] = {}


_COMMON_FIRST = ("returns_result_type", "finite_outputs", "deterministic")


def rules_for(surface: str) -> list[Rule]:
    """The surface's rules, the ones every surface shares first."""
    rules = RULES.get(surface, [])
    order = {name: i for i, name in enumerate(_COMMON_FIRST)}
    return sorted(rules, key=lambda r: order.get(r.name, len(order)))


def register(rule: Rule) -> Rule:
    rules = RULES.setdefault(rule.surface, [])
    if any(r.name == rule.name for r in rules):
        raise ValueError(f"rule {rule.id} registered twice")
    rules.append(rule)
    return rule


def rule(
    surface: str,
    name: str,
    summary: str,
    *,
    cases: StrategyFn | None = None,
    examples: ExamplesFn | None = None,
    applies: Callable[[Facts], str | None] | None = None,
    stateful: bool = False,
    judges_raises: bool = False,
    judges_behaviour: bool = False,
) -> Callable[[CheckFn], CheckFn]:
    """Register the decorated function as the check of rule `surface::name`.

    A rule that names neither `cases` nor `examples` (and is not stateful) draws the surface's
    valid inputs (`cases_for`, `examples_for`)."""
    if cases is None and examples is None and not stateful:
        cases = functools.partial(cases_for, surface)
        examples = functools.partial(examples_for, surface)

    def decorate(check: CheckFn) -> CheckFn:
        register(
            Rule(
                surface,
                name,
                summary,
                check,
                cases,
                examples or (lambda facts: []),
                applies or (lambda facts: None),
                stateful,
                judges_raises,
                judges_behaviour,
            )
        )
        return check

    return decorate


def random_weights_reason(spec: PackSpec, variant: str) -> str | None:
    """Why a behaviour rule is not judged on `variant` of `spec`: its weights are random (its
    weights source has a builder, as the random-weight checkpoints do), or None."""
    source = spec.weights.get(variant)
    if source is None or not source.builder:
        return None
    return (
        f"variant {variant} has random weights (claims.yaml weights.variants.{variant}.builder: "
        f"{source.builder}); the rule judges what a trained model says"
    )


def deterministic_only(facts: Facts) -> str | None:
    if facts.get("deterministic") is False:
        return "the pack declares deterministic: false for this surface"
    return None
