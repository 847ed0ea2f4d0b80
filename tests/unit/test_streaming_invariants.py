"""The asr_stream checks catch each broken rule and pass well-behaved streams."""

from __future__ import annotations

import pytest

from pytest_audiocontract import Segment, StreamEvent, Transcript
from pytest_audiocontract.errors import ContractViolation
from pytest_audiocontract.streaming.invariants import (
    assert_stream_events,
    check_stream_events,
    stream_problems,
    transcript_problems,
)

GOOD = [
    StreamEvent(0, 0, "hel", False),
    StreamEvent(1, 0, "hello", True),
    StreamEvent(5, "b", "world", False),
    StreamEvent(6, "b", " world ", True),
]


def _rules(events: list[StreamEvent], text: str) -> list[str]:
    return [p.rule for p in stream_problems(events, text)]


def test_a_good_stream_has_no_problems() -> None:
    assert check_stream_events(GOOD, "hello   world") == []
    assert check_stream_events([], "") == []


@pytest.mark.parametrize("second_seq", [0, -1])
def test_seq_must_strictly_increase(second_seq: int) -> None:
    events = [StreamEvent(0, 0, "a", False), StreamEvent(second_seq, 0, "a", True)]
    assert _rules(events, "a") == ["seq-increasing"]


def test_a_finished_segment_id_is_not_reused() -> None:
    events = [StreamEvent(0, 0, "a", True), StreamEvent(1, 0, "b", False), StreamEvent(2, 1, "b", True)]
    problems = stream_problems(events, "a b")
    assert [p.rule for p in problems] == ["segment-closed"]
    assert "events[1].segment_id=0" in str(problems[0])
    assert "final at events[0]" in str(problems[0])


def test_open_segments_may_interleave() -> None:
    events = [
        StreamEvent(0, 0, "a", False),
        StreamEvent(1, 1, "b", False),
        StreamEvent(2, 0, "a", True),
        StreamEvent(3, 1, "b", True),
    ]
    assert check_stream_events(events, "a b") == []


def test_finals_must_join_to_the_finalized_text() -> None:
    assert _rules(GOOD, "hello there") == ["finals-join"]
    # Partials do not count: only finals make the text.
    assert _rules([StreamEvent(0, 0, "a", False)], "a") == ["finals-join"]


def test_wrong_types_are_reported_before_anything_else() -> None:
    events = [StreamEvent(True, 0, "a", False), StreamEvent(1, 2.5, "a", 1)]  # type: ignore[arg-type]
    assert _rules(events, "zzz") == ["event-types"] * 3
    assert _rules(["nope"], "") == ["event-types"]  # type: ignore[list-item]


def test_assert_raises_a_contract_violation_in_the_one_format() -> None:
    with pytest.raises(ContractViolation) as caught:
        assert_stream_events(GOOD, "bye", pack="ref", call="drive_stream(model, sine)")
    assert isinstance(caught.value, AssertionError)
    message = str(caught.value)
    assert message.startswith("ref/asr_stream: finals-join: finalize().text='bye', but should be ")
    assert message.endswith("[drive_stream(model, sine)]")
    assert_stream_events(GOOD, "hello world", pack="ref", call="x")


def test_transcript_segments_within_duration_ordered_and_sorted() -> None:
    ok = Transcript("a b", [Segment(0.0, 0.5, "a"), Segment(0.5, 1.005, "b")])
    assert transcript_problems(ok, 1.0) == []
    bad = Transcript("a b", [Segment(0.6, 0.5, "a"), Segment(0.2, 1.2, "b")])
    assert [p.rule for p in transcript_problems(bad, 1.0)] == [
        "segment-order",
        "segment-bounds",
        "segment-sorted",
    ]
