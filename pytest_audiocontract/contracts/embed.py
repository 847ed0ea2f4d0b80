"""embed: the vector's length equals the declared `dim`."""

from __future__ import annotations

from typing import Any

import numpy as np

from pytest_audiocontract.contracts.inputs import cases_for, examples_for
from pytest_audiocontract.contracts.rules import Check, rule
from pytest_audiocontract.types import Embedding


@rule(
    "embed",
    "vector_length_is_dim",
    "vector length equals dim",
    cases=lambda facts: cases_for("embed", facts),
    examples=lambda facts: examples_for("embed", facts),
)
def vector_length_is_dim(check: Check, case: Any) -> None:
    __tracebackhide__ = True
    outcome = check.output(case)
    if outcome.ok and isinstance(outcome.value, Embedding):
        size = int(np.asarray(outcome.value.vector).size)
        check.expect(
            size == check.facts["dim"], "len(vector)", size, f"{check.facts['dim']} (dim in claims.yaml)"
        )
