"""Rules every surface shares: the result type, finite numbers, and determinism."""

from __future__ import annotations

import dataclasses
import functools
import math

import numpy as np

from pytest_audiocontract.contracts import shapes
from pytest_audiocontract.contracts.binding import StreamRecord
from pytest_audiocontract.contracts.cases import Case
from pytest_audiocontract.contracts.facts import number_fact
from pytest_audiocontract.contracts.inputs import cases_for, examples_for
from pytest_audiocontract.contracts.rules import Check, Rule, deterministic_only, register
from pytest_audiocontract.surfaces import SURFACES


def _returns_result_type(check: Check, case: Case) -> None:
    __tracebackhide__ = True
    outcome = check.output(case)
    if outcome.error is not None:
        error = outcome.error
        check.fail(
            "call",
            f"raised {type(error).__name__}: {error}",
            "a result for every valid input (any rate 8000..48000 Hz, any length from 0 "
            "samples, silence, full scale, clipped, DC offset)",
        )
    problem = shapes.problem(check.surface, outcome.value, check.facts)
    if problem is not None:
        what, got, expected = problem
        check.fail(what, got, expected)


def _finite_outputs(check: Check, case: Case) -> None:
    __tracebackhide__ = True
    outcome = check.output(case)
    if not outcome.ok:
        return  # returns_result_type reports it
    where = _first_non_finite(outcome.value, "result")
    if where is not None:
        check.fail(where[0], where[1], "finite (no NaN or inf)")


def _deterministic(check: Check, case: Case) -> None:
    __tracebackhide__ = True
    first = check.fresh(case)
    second = check.fresh(case)
    check.case = case
    if not (first.ok and second.ok):
        return
    difference = _difference(first.value, second.value, "result", number_fact(check.facts, "atol", 1e-6))
    if difference is not None:
        what, a, b = difference
        check.fail(
            f"{what} on the second call",
            b,
            f"{a!r}, as on the first call with the same input (or declare deterministic: false)",
        )


def _first_non_finite(value: object, path: str) -> tuple[str, object] | None:
    if isinstance(value, StreamRecord):
        return _first_non_finite(value.transcript, "finalize()")
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "fc" and value.size and not np.all(np.isfinite(value)):
            bad = int(np.flatnonzero(~np.isfinite(value))[0])
            return f"{path}[{bad}]", value.flat[bad]
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return path, value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            found = _first_non_finite(getattr(value, f.name), f"{path}.{f.name}")
            if found:
                return found
    elif isinstance(value, dict):
        for k, v in value.items():
            found = _first_non_finite(v, f"{path}[{k!r}]")
            if found:
                return found
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            found = _first_non_finite(v, f"{path}[{i}]")
            if found:
                return found
    return None


def _difference(a: object, b: object, path: str, atol: float) -> tuple[str, object, object] | None:
    """The first place where `a` and `b` differ (arrays within `atol`), or None."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a_arr, b_arr = np.asarray(a), np.asarray(b)
        if a_arr.shape != b_arr.shape:
            return f"{path}.shape", a_arr.shape, b_arr.shape
        if a_arr.size and not np.allclose(a_arr, b_arr, rtol=1e-5, atol=atol, equal_nan=True):
            i = int(np.argmax(np.abs(a_arr.astype(np.float64) - b_arr)))
            return f"{path}[{i}]", a_arr.flat[i], b_arr.flat[i]
        return None
    if dataclasses.is_dataclass(a) and type(a) is type(b) and not isinstance(a, type):
        for f in dataclasses.fields(a):
            found = _difference(getattr(a, f.name), getattr(b, f.name), f"{path}.{f.name}", atol)
            if found:
                return found
        return None
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            return f"{path}.keys()", sorted(a), sorted(b)
        for k in a:
            found = _difference(a[k], b[k], f"{path}[{k!r}]", atol)
            if found:
                return found
        return None
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        if len(a) != len(b):
            return f"len({path})", len(a), len(b)
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = _difference(x, y, f"{path}[{i}]", atol)
            if found:
                return found
        return None
    if isinstance(a, float) and isinstance(b, float):
        same = math.isclose(a, b, rel_tol=1e-5, abs_tol=atol) or (math.isnan(a) and math.isnan(b))
        return None if same else (path, a, b)
    return None if a == b else (path, a, b)


def register_common_rules() -> None:
    for surface in SURFACES:
        cases = functools.partial(cases_for, surface)
        examples = functools.partial(examples_for, surface)

        result = SURFACES[surface].result_type.__name__
        register(
            Rule(
                surface,
                "returns_result_type",
                f"{SURFACES[surface].method} exists and returns a {result} for every valid input",
                _returns_result_type,
                cases,
                examples,
                judges_raises=True,
            )
        )
        register(
            Rule(
                surface, "finite_outputs", "all returned numbers are finite", _finite_outputs, cases, examples
            )
        )
        register(
            Rule(
                surface,
                "deterministic",
                "the same input gives the same output",
                _deterministic,
                cases,
                examples,
                applies=deterministic_only,
            )
        )


register_common_rules()
