"""The asr_stream rules of PACK_SPEC as pure checks over what a stream returned.

`stream_problems(events, finalized_text)` lists every broken rule as a `StreamProblem`;
`check_stream_events` gives them as strings, and `assert_stream_events` raises the first as a
`ContractViolation`. The rules checked here need only the events and the text:

- `seq-increasing`: `seq` strictly increases across the whole stream, flush included;
- `segment-closed`: once a segment's final is out, no later event uses its `segment_id`;
- `finals-join`: the final texts joined with spaces equal the finalized text, after
  whitespace normalisation;
- `event-types`: `seq` is an int, `segment_id` an int or str, `text` a str, `is_final` a bool.

`transcript_problems` checks a finalized `Transcript`'s segments against the audio duration.
Rules that need the live stream (idempotent finalize, `RuntimeError` after close, interleaved
streams) belong to the contract suite, which drives the stream.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pytest_audiocontract.errors import ContractViolation
from pytest_audiocontract.types import StreamEvent, Transcript

__all__ = [
    "StreamProblem",
    "assert_stream_events",
    "check_stream_events",
    "stream_problems",
    "transcript_problems",
]

SLACK_S = 0.010  # PACK_SPEC's slack on segment bounds, seconds


@dataclass(frozen=True)
class StreamProblem:
    """One broken rule: `what` came back as `got`, but should be `expected`."""

    rule: str
    what: str
    got: object
    expected: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.what}={self.got!r}, but should be {self.expected}"


def _normalize(text: str) -> str:
    return " ".join(text.split())


def _type_problems(index: int, event: object) -> list[StreamProblem]:
    if not isinstance(event, StreamEvent):
        return [StreamProblem("event-types", f"events[{index}]", event, "a StreamEvent")]
    problems = []
    if isinstance(event.seq, bool) or not isinstance(event.seq, int):
        problems.append(StreamProblem("event-types", f"events[{index}].seq", event.seq, "an int"))
    if isinstance(event.segment_id, bool) or not isinstance(event.segment_id, (int, str)):
        problems.append(
            StreamProblem("event-types", f"events[{index}].segment_id", event.segment_id, "an int or a str")
        )
    if not isinstance(event.text, str):
        problems.append(StreamProblem("event-types", f"events[{index}].text", event.text, "a str"))
    if not isinstance(event.is_final, bool):
        problems.append(StreamProblem("event-types", f"events[{index}].is_final", event.is_final, "a bool"))
    return problems


def stream_problems(events: Sequence[StreamEvent], finalized_text: str) -> list[StreamProblem]:
    """Every asr_stream rule that `events` (in order, flush included) and the text break."""
    problems: list[StreamProblem] = []
    for index, event in enumerate(events):
        problems += _type_problems(index, event)
    if problems:
        return problems  # the checks below assume well-typed events
    for index in range(1, len(events)):
        before, now = events[index - 1].seq, events[index].seq
        if now <= before:
            problems.append(
                StreamProblem(
                    "seq-increasing",
                    f"events[{index}].seq",
                    now,
                    f"> {before} (the seq of events[{index - 1}])",
                )
            )
    closed: dict[int | str, int] = {}
    for index, event in enumerate(events):
        if event.segment_id in closed:
            problems.append(
                StreamProblem(
                    "segment-closed",
                    f"events[{index}].segment_id",
                    event.segment_id,
                    f"a new id: segment {event.segment_id!r} got its final at "
                    f"events[{closed[event.segment_id]}]",
                )
            )
        if event.is_final:
            closed.setdefault(event.segment_id, index)
    joined = _normalize(" ".join(e.text for e in events if e.is_final))
    if not isinstance(finalized_text, str):
        problems.append(StreamProblem("finals-join", "finalize().text", finalized_text, "a str"))
    elif joined != _normalize(finalized_text):
        problems.append(
            StreamProblem(
                "finals-join",
                "finalize().text",
                finalized_text,
                f"{joined!r} (the final texts joined with spaces)",
            )
        )
    return problems


def check_stream_events(events: Sequence[StreamEvent], finalized_text: str) -> list[str]:
    """`stream_problems` as messages; an empty list means every rule holds."""
    return [str(problem) for problem in stream_problems(events, finalized_text)]


def transcript_problems(transcript: Transcript, duration_s: float) -> list[StreamProblem]:
    """Segments within [0, duration_s] (10 ms slack), start <= end, sorted by start."""
    problems: list[StreamProblem] = []
    previous_start = -float("inf")
    for index, seg in enumerate(transcript.segments):
        what = f"segments[{index}]"
        if seg.start < -SLACK_S or seg.end > duration_s + SLACK_S:
            problems.append(
                StreamProblem(
                    "segment-bounds",
                    what,
                    (seg.start, seg.end),
                    f"within [0, {duration_s:.3f}] s (10 ms slack)",
                )
            )
        if seg.start > seg.end:
            problems.append(StreamProblem("segment-order", what, (seg.start, seg.end), "start <= end"))
        if seg.start < previous_start:
            problems.append(
                StreamProblem(
                    "segment-sorted", f"{what}.start", seg.start, f">= {previous_start} (sorted by start)"
                )
            )
        previous_start = seg.start
    return problems


def assert_stream_events(events: Sequence[StreamEvent], finalized_text: str, *, pack: str, call: str) -> None:
    """Raise the first broken rule as a `ContractViolation` naming `pack` and `call`."""
    __tracebackhide__ = True
    problems = stream_problems(events, finalized_text)
    if problems:
        first = problems[0]
        raise ContractViolation(
            pack=pack,
            surface="asr_stream",
            rule=first.rule,
            what=first.what,
            got=first.got,
            expected=first.expected,
            call=call,
        )
