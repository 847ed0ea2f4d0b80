"""drive_stream and StreamRun metrics, on the fake model and a fake clock (no real sleeping)."""

from __future__ import annotations

import numpy as np
import pytest

from pytest_audiocontract import StreamEvent
from pytest_audiocontract.streaming.adapter import Update
from pytest_audiocontract.streaming.driver import drive_stream, partial_churn
from pytest_audiocontract.streaming.fake import FakeClock, FakeStreamingModel, ScriptedStream

SR = 16000
SCRIPT = [[], [Update("the")], [Update("the cap")], [Update("the cat", is_final=True)], [Update("sat")]]


def _one_second() -> np.ndarray:
    return np.full(SR, 0.1, dtype=np.float32)


def test_unpaced_run_records_events_latencies_and_metrics() -> None:
    clock = FakeClock(100.0)
    model = FakeStreamingModel(SCRIPT, clock=clock, cost_s_per_audio_s=0.1, flush_cost_s=0.05)
    run = drive_stream(model, _one_second(), SR, chunk_ms=200, clock=clock, sleep=clock.sleep)
    # Five pushes of 0.2 s, each costing 0.02 s of fake processing time; no sleeping.
    assert clock.slept == []
    assert run.push_latencies_s == pytest.approx([0.02] * 5)
    assert run.finalize_latency_ms == pytest.approx(50.0)
    assert run.rtf == pytest.approx((5 * 0.02 + 0.05) / 1.0)
    assert [t.event.text for t in run.timed_events] == ["the", "the cap", "the cat", "sat", "sat"]
    # "the" came back with the 2nd push, 2 * 0.02 s after the start, with 0.4 s pushed.
    assert run.first_token_latency_ms == pytest.approx(40.0)
    assert run.first_token_lag_ms == pytest.approx(40.0 - 400.0)
    assert (run.num_events, run.num_partials, run.num_finals) == (5, 3, 2)
    assert run.partial_update_rate_hz == pytest.approx(3.0)
    assert run.audio_duration_s == 1.0
    assert run.timed_events[-1].during_flush
    assert run.transcript.text == "the cat sat"
    # "the cap" -> "the cat" takes back 1 character; final text has 7 + 3 characters.
    assert run.partial_churn == pytest.approx(1 / 10)
    assert model.streams[0].closed_count == 1


def test_paced_run_waits_for_the_audio_clock() -> None:
    clock = FakeClock()
    model = FakeStreamingModel(SCRIPT, clock=clock, cost_s_per_audio_s=0.2)
    run = drive_stream(model, _one_second(), SR, chunk_ms=200, paced=True, clock=clock, sleep=clock.sleep)
    # Chunk i may go only at (i + 1) * 0.2 s; each push costs 0.04 s.
    assert clock.slept == pytest.approx([0.2, 0.16, 0.16, 0.16, 0.16])
    assert run.first_token_latency_ms == pytest.approx(440.0)
    assert run.first_token_lag_ms == pytest.approx(40.0)
    assert run.rtf == pytest.approx(0.2)  # sleeping is not processing


def test_slow_model_is_never_made_to_sleep() -> None:
    clock = FakeClock()
    model = FakeStreamingModel(SCRIPT, clock=clock, cost_s_per_audio_s=2.0)
    drive_stream(model, _one_second(), SR, chunk_ms=200, paced=True, clock=clock, sleep=clock.sleep)
    assert clock.slept == [pytest.approx(0.2)]  # only before the first chunk


def test_callable_target_and_explicit_chunk_sizes() -> None:
    stream = ScriptedStream(pushes=[[], [StreamEvent(0, 0, "x", True)]])
    run = drive_stream(lambda sr: stream, np.zeros(10, np.float32), SR, chunk_sizes=[0, 1, 3])
    assert [c.size for c in stream.pushed] == [0, 1, 3, 6]
    assert run.events == [StreamEvent(0, 0, "x", True)]
    assert stream.over


def test_empty_audio_gives_no_pushes_and_undefined_rates() -> None:
    clock = FakeClock()
    run = drive_stream(FakeStreamingModel(), np.zeros(0, np.float32), SR, clock=clock)
    assert run.push_latencies_s == []
    assert run.rtf is None and run.partial_update_rate_hz is None
    assert run.first_token_latency_ms is None and run.partial_churn is None
    assert run.metrics() == {"finalize_latency_ms": 0.0}


def test_stream_is_closed_when_a_push_raises() -> None:
    class Boom(ScriptedStream):
        def push_audio(self, chunk: np.ndarray) -> list[StreamEvent]:
            raise ValueError("boom")

    stream = Boom()
    with pytest.raises(ValueError, match="boom"):
        drive_stream(lambda sr: stream, _one_second(), SR)
    assert stream.over


def test_churn_counts_characters_past_the_common_prefix() -> None:
    events = [
        StreamEvent(0, 0, "abcd", False),
        StreamEvent(1, 0, "abxy", False),
        StreamEvent(2, 0, "abxyz", True),
        StreamEvent(3, 1, "q", False),
        StreamEvent(4, 1, "", True),
    ]
    # "abcd"->"abxy": 2; "abxy"->"abxyz": 0; "q"->"": 1; final characters 5 + 0.
    assert partial_churn(events) == pytest.approx(3 / 5)
    assert partial_churn([]) is None


def test_bad_chunk_sizes_are_refused() -> None:
    with pytest.raises(ValueError, match=">= 0 samples"):
        drive_stream(FakeStreamingModel(), _one_second(), SR, chunk_sizes=[-1])
