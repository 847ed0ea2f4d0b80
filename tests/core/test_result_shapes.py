"""The structural check behind returns_result_type, on the fields the diarize work added."""

from __future__ import annotations

from typing import Any

import pytest

from pytest_audiocontract.contracts import shapes
from pytest_audiocontract.types import Diarization, Segment, Transcript, Turn


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (Transcript("hi", [Segment(0.0, 1.0, "hi")]), None),
        (Transcript("hi", [Segment(0.0, 1.0, "hi", speaker="spk0")]), None),
        (Transcript("hi", [Segment(0.0, 1.0, "hi", speaker=0)]), "type(result.segments[0].speaker)"),  # type: ignore[arg-type]
    ],
)
def test_segment_speaker_is_optional_but_a_str(value: Transcript, problem: str | None) -> None:
    found = shapes.problem("asr", value, {})
    assert (found and found[0]) == problem


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (Diarization([Turn(0.0, 1.0, "a")]), None),
        (Diarization([]), None),
        (Diarization((Turn(0.0, 1.0, "a"),)), "type(result.turns)"),  # type: ignore[arg-type]
        (Diarization([(0.0, 1.0, "a")]), "type(result.turns[0])"),  # type: ignore[list-item]
        (Diarization([Turn("0", 1.0, "a")]), "type(result.turns[0].start)"),  # type: ignore[arg-type]
        ([Turn(0.0, 1.0, "a")], "type(result)"),
    ],
)
def test_diarization_shape(value: Any, problem: str | None) -> None:
    found = shapes.problem("diarize", value, {})
    assert (found and found[0]) == problem
