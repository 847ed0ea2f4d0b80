"""enhance: output as long as the input and at its rate; silence in gives silence out."""

from __future__ import annotations

import numpy as np

from pytest_audiocontract.audio.strategies import AudioCase
from pytest_audiocontract.contracts.inputs import cases_for, examples_for
from pytest_audiocontract.contracts.rules import Check, rule
from pytest_audiocontract.types import Enhanced

SILENCE_OUT_PEAK = 1e-3


def _enhanced(check: Check, case: AudioCase) -> Enhanced | None:
    result = check.result(case, Enhanced)
    return result if result is not None and isinstance(result.audio, np.ndarray) else None


@rule(
    "enhance",
    "length_matches_input",
    "output length equals the input's",
)
def length_matches_input(check: Check, case: AudioCase) -> None:
    __tracebackhide__ = True
    result = _enhanced(check, case)
    if result is not None:
        check.expect(
            result.audio.size == case.audio.size,
            "len(audio)",
            result.audio.size,
            f"{case.audio.size} (the input's length)",
        )


@rule(
    "enhance",
    "rate_matches_input",
    "output rate equals the input's",
)
def rate_matches_input(check: Check, case: AudioCase) -> None:
    __tracebackhide__ = True
    result = _enhanced(check, case)
    if result is not None:
        check.expect(result.sr == case.sr, "sr", result.sr, f"{case.sr} (the input's rate)")


@rule(
    "enhance",
    "silence_stays_silent",
    "silence in gives silence out (peak below 1e-3)",
    cases=lambda facts: cases_for("enhance", facts, silent=True),
    examples=lambda facts: examples_for("enhance", facts, silent=True),
)
def silence_stays_silent(check: Check, case: AudioCase) -> None:
    __tracebackhide__ = True
    result = _enhanced(check, case)
    if result is not None and result.audio.size:
        peak = float(np.nanmax(np.abs(result.audio))) if np.isfinite(result.audio).any() else 0.0
        check.expect(peak < SILENCE_OUT_PEAK, "peak", peak, f"< {SILENCE_OUT_PEAK:g} for silence")
