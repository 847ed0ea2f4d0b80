"""separate: exactly the declared stems, each as long as the input at the input's rate."""

from __future__ import annotations

from typing import Any

import numpy as np

from pytest_audiocontract.contracts.inputs import cases_for, examples_for
from pytest_audiocontract.contracts.rules import Check, rule
from pytest_audiocontract.types import Stems


def _stems(check: Check, case: Any) -> Stems | None:
    outcome = check.output(case)
    ok = outcome.ok and isinstance(outcome.value, Stems) and isinstance(outcome.value.stems, dict)
    return outcome.value if ok else None


@rule(
    "separate",
    "declared_stems",
    "exactly the declared stems",
    cases=lambda facts: cases_for("separate", facts),
    examples=lambda facts: examples_for("separate", facts),
)
def declared_stems(check: Check, case: Any) -> None:
    __tracebackhide__ = True
    result = _stems(check, case)
    if result is not None:
        names = sorted(result.stems)
        check.expect(
            names == sorted(check.facts["stems"]),
            "stems",
            names,
            f"{sorted(check.facts['stems'])} (stems in claims.yaml)",
        )


@rule(
    "separate",
    "stems_match_input",
    "each stem as long as the input, at the input's rate",
    cases=lambda facts: cases_for("separate", facts),
    examples=lambda facts: examples_for("separate", facts),
)
def stems_match_input(check: Check, case: Any) -> None:
    __tracebackhide__ = True
    result = _stems(check, case)
    if result is None:
        return
    check.expect(result.sr == case.sr, "sr", result.sr, f"{case.sr} (the input's rate)")
    for name, audio in result.stems.items():
        size = int(np.asarray(audio).size)
        check.expect(
            size == case.audio.size, f"len(stems[{name!r}])", size, f"{case.audio.size} (the input's length)"
        )
