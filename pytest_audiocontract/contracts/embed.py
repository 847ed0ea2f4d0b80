"""embed: the vector's length equals the declared `dim`."""

from __future__ import annotations

import numpy as np

from pytest_audiocontract.audio.strategies import AudioCase
from pytest_audiocontract.contracts.rules import Check, rule
from pytest_audiocontract.types import Embedding


@rule(
    "embed",
    "vector_length_is_dim",
    "vector length equals dim",
)
def vector_length_is_dim(check: Check, case: AudioCase) -> None:
    __tracebackhide__ = True
    outcome = check.output(case)
    if outcome.ok and isinstance(outcome.value, Embedding):
        size = int(np.asarray(outcome.value.vector).size)
        check.expect(
            size == check.facts["dim"], "len(vector)", size, f"{check.facts['dim']} (dim in claims.yaml)"
        )
