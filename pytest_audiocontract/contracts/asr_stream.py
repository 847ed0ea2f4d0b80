"""asr_stream: the stream lifecycle rules (run as a state machine) and stream independence."""

from __future__ import annotations

from typing import TypeAlias

from hypothesis import strategies as st
from hypothesis.stateful import run_state_machine_as_test

from pytest_audiocontract.audio.strategies import AudioCase, audio_cases, chunk_sizes, edge_cases
from pytest_audiocontract.contracts import stream_machine as sm
from pytest_audiocontract.contracts.binding import stream_starter
from pytest_audiocontract.contracts.facts import number_fact
from pytest_audiocontract.contracts.rules import Check, Facts, Rule, deterministic_only, register, rule
from pytest_audiocontract.types import StreamEvent

_SUMMARIES = {
    sm.SEQ: "seq strictly increases across the whole stream, flush included",
    sm.SEGMENTS: "once a segment's final event is out, no later event uses its segment_id",
    sm.IDEMPOTENT: "finalize() is idempotent: each call returns an equal Transcript",
    sm.PUSH_AFTER_END: "push_audio after finalize() or close() raises RuntimeError",
    sm.CLOSE_SAFE: "close() is always safe: twice, and without finalize()",
    sm.FINALS_JOIN: "the final texts, joined with spaces, equal the finalized text",
}


def _run_machine(check: Check, _case: None) -> None:
    __tracebackhide__ = True
    run_state_machine_as_test(  # type: ignore[no-untyped-call, unused-ignore]  # typed in newer hypothesis
        sm.lifecycle_machine(check), settings=check.hypothesis_settings
    )


for _name in sm.MACHINE_RULES:
    register(Rule("asr_stream", _name, _SUMMARIES[_name], _run_machine, stateful=True))


Interleaved: TypeAlias = tuple[AudioCase, AudioCase, int]  # two inputs and the chunk size
Results: TypeAlias = list[tuple[list[tuple[str, bool]], str]]  # per stream: (text, is_final)s, text


def _interleaved_cases(facts: Facts) -> st.SearchStrategy[Interleaved]:
    seconds = min(4.0, number_fact(facts, "max_audio_s", 4.0))
    return st.tuples(audio_cases(seconds), audio_cases(seconds), chunk_sizes(4000).map(lambda n: max(n, 160)))


def _drive(model: object, cases: list[AudioCase], chunk: int, interleaved: bool) -> Results:
    streams = [stream_starter(model)(c.sr) for c in cases] if interleaved else []
    results: Results = []
    if not interleaved:
        for case in cases:
            results.append(_drive(model, [case], chunk, interleaved=True)[0])
        return results
    events: list[list[StreamEvent]] = [[] for _ in cases]
    longest = max(c.audio.size for c in cases)
    for start in range(0, longest, chunk):
        for i, case in enumerate(cases):
            if start < case.audio.size:
                events[i].extend(streams[i].push_audio(case.audio[start : start + chunk].copy()))
    for i, stream in enumerate(streams):
        events[i].extend(stream.flush())
        text = " ".join(stream.finalize().text.split())
        stream.close()
        results.append(([(e.text, e.is_final) for e in events[i]], text))
    return results


@rule(
    "asr_stream",
    "interleaved_streams_independent",
    "two streams of one model object, interleaved, give the same results as run one after the other",
    cases=_interleaved_cases,
    examples=lambda facts: [(edge_cases()[5], edge_cases()[2], 1600)],
    applies=deterministic_only,
)
def interleaved_streams_independent(check: Check, case: Interleaved) -> None:
    __tracebackhide__ = True
    first, second, chunk = case
    check.case = None
    try:
        alone = _drive(check.binding.model, [first, second], chunk, interleaved=False)
        together = _drive(check.binding.model, [first, second], chunk, interleaved=True)
    except Exception:
        return  # returns_result_type reports failing calls
    call = (
        f"streams on {first.describe()} and {second.describe()}, chunks of {chunk} samples, "
        "interleaved vs one after the other"
    )
    for name, a, b in (("first", alone[0], together[0]), ("second", alone[1], together[1])):
        if a != b:
            check.fail(
                f"{name} stream's (events, text) when interleaved",
                b[1] or b[0],
                f"{a[1] or a[0]!r}, as when run alone",
                call=call,
            )
