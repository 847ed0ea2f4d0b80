"""separate: exactly the declared stems, each as long as the input at the input's rate."""

from __future__ import annotations

import numpy as np

from pytest_audiocontract.audio.strategies import AudioCase
from pytest_audiocontract.contracts.facts import strings_fact
from pytest_audiocontract.contracts.rules import Check, rule
from pytest_audiocontract.types import Stems


def _stems(check: Check, case: AudioCase) -> Stems | None:
    result = check.result(case, Stems)
    return result if result is not None and isinstance(result.stems, dict) else None


@rule(
    "separate",
    "declared_stems",
    "exactly the declared stems",
)
def declared_stems(check: Check, case: AudioCase) -> None:
    __tracebackhide__ = True
    result = _stems(check, case)
    if result is not None:
        names, declared = sorted(result.stems), sorted(strings_fact(check.facts, "stems"))
        check.expect(names == declared, "stems", names, f"{declared} (stems in claims.yaml)")


@rule(
    "separate",
    "stems_match_input",
    "each stem as long as the input, at the input's rate",
)
def stems_match_input(check: Check, case: AudioCase) -> None:
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
