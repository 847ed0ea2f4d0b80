"""Turn a Rule into the callable a test item runs: Hypothesis-driven, with a repro bundle on failure."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hypothesis import example, given, settings

from pytest_audiocontract.contracts.rules import Check, Rule
from pytest_audiocontract.errors import ContractViolation
from pytest_audiocontract.hypothesis_profiles import contract_profile
from pytest_audiocontract.isolation.crash import PackCrashed
from pytest_audiocontract.item_outcomes import PackSkip
from pytest_audiocontract.spec.model import PackSpec

if TYPE_CHECKING:  # the state is handed in: contracts sit below the run's session
    from pytest_audiocontract.session import RunState


def build_test(
    rule: Rule, spec: PackSpec, variant: str, device: str, state: RunState, nodeid: str
) -> Callable[..., None]:
    facts = dict(spec.facts(rule.surface))
    if state.max_audio_s is not None:
        facts["max_audio_s"] = min(float(facts.get("max_audio_s", state.max_audio_s)), state.max_audio_s)

    profile = contract_settings(state, stateful=rule.stateful)
    raised: list[BaseException] = []  # every raise the model made on this item's inputs

    def new_check() -> Check:
        binding = state.binding(spec, variant, device)
        return Check(
            binding,
            rule.surface,
            rule.name,
            facts,
            hypothesis_settings=profile,
            raised=raised,
            earlier_calls=binding.log.total,
        )

    if rule.stateful:

        def stateful_contract() -> None:
            __tracebackhide__ = True
            rule.check(new_check(), None)

        return stateful_contract

    assert rule.cases is not None, f"rule {rule.id} has no input strategy"

    # Hypothesis derives a derandomised run's seed from this function's source: changing
    # its text changes every pack's drawn inputs. Keep the work in the helpers, and keep its
    # text as it is, annotation included (the case's type varies with the rule's strategy).
    def contract(case: Any) -> None:
        __tracebackhide__ = True
        check = new_check()
        try:
            rule.check(check, case)
        except ContractViolation as exc:
            _attach_bundle(exc, check, case, state, nodeid)
            raise
        except PackCrashed as exc:  # under --isolate: save the input it crashed on
            _attach_crash(exc, check, case, state, nodeid)
            raise

    def flaky(violation: ContractViolation) -> None:
        if isinstance(violation.failed_on, FailedOn):
            failed_on = violation.failed_on
            _attach_bundle(violation, failed_on.check, failed_on.case, state, nodeid, final=True)
        violation.add_note(
            "Hypothesis could not make this input fail again (a flaky failure): the model's answer "
            "depends on the calls before it (state kept across calls) or on chance. The replay "
            "puts a fresh model through the run's earlier calls first."
        )

    test = given(case=rule.cases(facts))(contract)
    for case in reversed(rule.examples(facts)):
        test = example(case=case)(test)
    hypothesis_test = _first_failure_only(settings(profile)(test), flaky)
    if rule.judges_raises:
        return hypothesis_test

    @functools.wraps(hypothesis_test)
    def judged_only_where_it_returned() -> None:
        __tracebackhide__ = True
        raised.clear()
        hypothesis_test()
        if raised:
            # reported at the item, not at this frame inside the harness
            raise PackSkip(_not_judged(spec.id, rule, raised))

    return judged_only_where_it_returned


def _first_failure_only(
    hypothesis_test: Callable[[], None], on_flaky: Callable[[ContractViolation], None]
) -> Callable[[], None]:
    """Hypothesis 6.100 (the oldest supported) runs every explicit example and raises a group of their
    failures, whatever `report_multiple_bugs` says; report the first, like newer releases do.

    A flaky failure (FlakyFailure, or Flaky on older Hypothesis) is reported as the violation it
    wraps, in the one message format, with its input saved by `on_flaky`."""

    @functools.wraps(hypothesis_test)
    def first_failure() -> None:
        __tracebackhide__ = True
        try:
            hypothesis_test()
        except Exception as exc:
            if type(exc).__name__ in ("FlakyFailure", "Flaky"):
                violation = _violation_in(exc)
                if violation is None:
                    raise
                on_flaky(violation)
                raise violation from None
            inner = getattr(exc, "exceptions", None)
            if not inner or not isinstance(inner[0], ContractViolation):
                raise
            if len(inner) > 1:
                inner[0].add_note(f"({len(inner) - 1} more explicit example(s) fail this rule too)")
            raise inner[0] from None

    return first_failure


def _violation_in(error: BaseException) -> ContractViolation | None:
    """The first ContractViolation inside an exception group or its cause/context chain."""
    seen: set[int] = set()
    todo = [error]
    while todo:
        found = todo.pop(0)
        if id(found) in seen:
            continue
        seen.add(id(found))
        if isinstance(found, ContractViolation):
            return found
        todo += list(getattr(found, "exceptions", ()))
        todo += [e for e in (found.__cause__, found.__context__) if e is not None]
    return None


def _not_judged(pack: str, rule: Rule, raised: list[BaseException]) -> str:
    """Why a rule neither passed nor failed: the method raised on its inputs."""
    from pytest_audiocontract.surfaces import SURFACES

    first = raised[0]
    method = SURFACES[rule.surface].method
    return (
        f"{pack}/{rule.surface}: {rule.name} not judged: {method} raised {len(raised)} time(s) on "
        f"its inputs ({type(first).__name__}: {str(first)[:200]}); "
        f"{rule.surface}::returns_result_type reports the error, fix that first"
    )


def contract_settings(state: RunState, *, stateful: bool) -> settings:
    base = contract_profile(state.profile)
    if state.max_examples is not None:
        return settings(base, max_examples=state.max_examples)
    if stateful:
        return settings(base, max_examples=max(5, base.max_examples // 2))
    return base


@dataclass(frozen=True)
class FailedOn:
    """Where a violation happened: the check and its input (a flaky failure saves it later)."""

    check: Check
    case: object


def _attach_bundle(
    exc: ContractViolation, check: Check, case: object, state: RunState, nodeid: str, *, final: bool = False
) -> None:
    """On Hypothesis's final (shrunk) run, save the input and say how to replay it."""
    from hypothesis.control import current_build_context

    from pytest_audiocontract.contracts.failures import replay_command

    if exc.failed_on is None:
        exc.failed_on = FailedOn(check, case)
    if exc.bundle_saved:
        return
    if not final:
        try:
            final = current_build_context().is_final
        except Exception:
            final = True  # an explicit @example runs outside a build context
    if not final:
        return
    exc.bundle_saved = True
    bundle = _save_input(exc, state, nodeid, check, case, exc.headline())
    if bundle is None:
        return
    wav = bundle.with_suffix(".wav")
    saved = f"failing input saved: {wav}" if wav.exists() else f"failing input saved: {bundle}"
    exc.add_note(f"{saved}\nreplay it: {replay_command(bundle, check.binding.spec.root)}")


def _save_input(
    exc: BaseException, state: RunState, nodeid: str, check: Check, case: object, headline: str
) -> Path | None:
    """The bundle written for this failure, or None with a note saying why it could not be:
    an unwritable failures folder must not turn the contract failure into an OSError."""
    from pytest_audiocontract.contracts.failures import write_bundle

    try:
        return write_bundle(state.failures_dir, nodeid, check, case, headline, check.earlier_calls)
    except OSError as error:
        exc.add_note(
            f"the failing input could not be saved to {state.failures_dir} "
            f"({error.strerror or error}); give --audiocontract-failures a folder this user can write"
        )
        return None


def _attach_crash(exc: PackCrashed, check: Check, case: object, state: RunState, nodeid: str) -> None:
    """A crash ends the test at once (no shrinking), so this input is the one to keep."""
    from pytest_audiocontract.contracts.failures import replay_command
    from pytest_audiocontract.isolation.crash import note_input

    bundle = _save_input(exc, state, nodeid, check, case, exc.headline())
    replay = None if bundle is None else replay_command(bundle, check.binding.spec.root)
    note_input(exc, case, bundle, replay)
