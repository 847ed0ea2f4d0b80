"""Streaming latency figures and the harness floor."""

from __future__ import annotations

import pytest

from pytest_audiocontract.bench.streaming import harness_floor, stream_metrics
from pytest_audiocontract.streaming.driver import StreamRun, TimedEvent
from pytest_audiocontract.types import StreamEvent, Transcript


def _run(events: list[tuple[str, bool, float]], pushes: list[float], audio_s: float, text: str) -> StreamRun:
    timed = [TimedEvent(StreamEvent(i, 0, t, final), wall, wall) for i, (t, final, wall) in enumerate(events)]
    return StreamRun(timed, Transcript(text), pushes, 0.02, audio_s, paced=False)


def test_stream_metrics_pool_runs_by_hand() -> None:
    a = _run(
        [("the", False, 0.5), ("the cat", False, 0.7), ("the cat", True, 1.0)], [0.001, 0.003], 2.0, "the cat"
    )
    b = _run([("hi", False, 0.2), ("ho", True, 0.4)], [0.002, 0.004], 1.0, "ho")
    found = stream_metrics([a, b], 160.0)
    assert found["chunks"] == 4
    assert found["first_token_latency_ms"] == pytest.approx(350.0)  # median of 500 and 200
    assert found["partial_update_rate_hz"] == pytest.approx(3 / 3.0)  # 3 partials, 3 s audio
    # processing: pushes (0.004 + 0.006) + finalize (0.02 each) over 3 s of audio
    assert found["rtf"] == pytest.approx((0.010 + 0.04) / 3.0)
    # churn: a rewrites 0 of 7 final chars, b rewrites 1 ("hi" -> "ho") of 2
    assert found["partial_churn"] == pytest.approx(1 / 9)
    assert found["push_latency_us"]["p50"] == pytest.approx(2500.0)
    assert (found["num_events"], found["num_partials"], found["num_finals"]) == (5, 3, 2)
    assert found["audio_duration_s"] == 3.0


@pytest.mark.parametrize("chunk_ms", [20.0, 160.0])
def test_harness_floor_covers_every_chunk_of_10_s(chunk_ms: float) -> None:
    # Its size is a speed figure, measured by the benchmarks (docs/benchmarks.md), not here.
    floor = harness_floor(chunk_ms, rounds=3)
    assert floor["chunks_per_round"] == round(10_000 / chunk_ms + 0.499)
    assert floor["rounds"] == 3
    latency = floor["push_latency_us"]
    assert 0.0 < latency["p50"] <= latency["p90"] <= latency["p95"] <= latency["p99"]
    assert floor["per_chunk_us"] > 0.0
