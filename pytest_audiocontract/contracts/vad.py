"""vad: regions sorted, disjoint, inside the input; silence gives none."""

from __future__ import annotations

from pytest_audiocontract.audio.strategies import AudioCase
from pytest_audiocontract.contracts.inputs import cases_for, examples_for
from pytest_audiocontract.contracts.rules import Check, rule
from pytest_audiocontract.contracts.timing import finite, within_duration
from pytest_audiocontract.types import SpeechRegions


def _regions(check: Check, case: AudioCase) -> list[tuple[float, float]] | None:
    result = check.result(case, SpeechRegions)
    return None if result is None else list(result.regions)


@rule(
    "vad",
    "regions_sorted_disjoint",
    "regions sorted, non-overlapping, each start < end",
)
def regions_sorted_disjoint(check: Check, case: AudioCase) -> None:
    __tracebackhide__ = True
    regions = _regions(check, case) or []
    for i, (start, end) in enumerate(regions):
        if not finite(start, end, regions[i - 1][1] if i else 0.0):
            continue
        check.expect(start < end, f"regions[{i}]", (start, end), "start < end")
        if i:
            previous_end = regions[i - 1][1]
            check.expect(
                start >= previous_end,
                f"regions[{i}]",
                (start, end),
                f"starting at or after the previous region's end {previous_end}",
            )


@rule(
    "vad",
    "regions_within_duration",
    "regions within [0, duration] (10 ms slack)",
)
def regions_within_duration(check: Check, case: AudioCase) -> None:
    __tracebackhide__ = True
    regions = _regions(check, case)
    if regions is not None:
        within_duration(check, regions, "regions", case.duration)


@rule(
    "vad",
    "silence_gives_no_regions",
    "silence gives no regions",
    cases=lambda facts: cases_for("vad", facts, silent=True),
    examples=lambda facts: examples_for("vad", facts, silent=True),
)
def silence_gives_no_regions(check: Check, case: AudioCase) -> None:
    __tracebackhide__ = True
    regions = _regions(check, case)
    if regions is not None:
        check.expect(regions == [], "regions", regions, "[] for silence")
