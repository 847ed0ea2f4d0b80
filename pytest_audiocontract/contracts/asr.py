"""asr: segments inside the input, ordered; silence gives empty text."""

from __future__ import annotations

from pytest_audiocontract.audio.strategies import AudioCase
from pytest_audiocontract.contracts.inputs import cases_for, examples_for
from pytest_audiocontract.contracts.rules import Check, Facts, rule
from pytest_audiocontract.contracts.timing import finite, sorted_by_start, within_duration
from pytest_audiocontract.types import Transcript


def _transcript(check: Check, case: AudioCase) -> Transcript | None:
    return check.result(case, Transcript)


@rule(
    "asr",
    "segments_within_duration",
    "segments lie within [0, duration] (10 ms slack)",
)
def segments_within_duration(check: Check, case: AudioCase) -> None:
    __tracebackhide__ = True
    result = _transcript(check, case)
    if result is not None:
        spans = [(s.start, s.end) for s in result.segments]
        within_duration(check, spans, "segments", case.duration)


@rule(
    "asr",
    "segments_ordered",
    "start <= end in every segment; segments sorted by start",
)
def segments_ordered(check: Check, case: AudioCase) -> None:
    __tracebackhide__ = True
    result = _transcript(check, case)
    if result is None:
        return
    for i, seg in enumerate(result.segments):
        if not finite(seg.start, seg.end):
            continue
        check.expect(seg.start <= seg.end, f"segments[{i}]", (seg.start, seg.end), "start <= end")
    sorted_by_start(check, [s.start for s in result.segments], "segments")


def _silence_rule_applies(facts: Facts) -> str | None:
    if facts.get("silence_yields_empty") is False:
        return "the pack declares silence_yields_empty: false"
    return None


@rule(
    "asr",
    "silence_gives_empty_text",
    "silence gives empty text",
    cases=lambda facts: cases_for("asr", facts, silent=True),
    examples=lambda facts: examples_for("asr", facts, silent=True),
    applies=_silence_rule_applies,
)
def silence_gives_empty_text(check: Check, case: AudioCase) -> None:
    __tracebackhide__ = True
    result = _transcript(check, case)
    if result is not None:
        check.expect(
            result.text.strip() == "",
            "text",
            result.text,
            "'' for silence (or declare silence_yields_empty: false)",
        )
