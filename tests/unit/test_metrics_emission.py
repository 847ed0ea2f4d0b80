"""Emission latency on a scripted stream whose every emission time is known.

Chunks of 125 ms (2000 samples at 16 kHz) keep every time a binary fraction, so the driver's
fake-clock arithmetic is exact and the figures can be written down by hand.
"""

from __future__ import annotations

import numpy as np
import pytest

from pytest_audiocontract.metrics.emission import WordTiming, emission_figures, word_emissions
from pytest_audiocontract.streaming.driver import drive_stream
from pytest_audiocontract.streaming.fake import FakeClock, ScriptedStream
from pytest_audiocontract.types import StreamEvent, Transcript

SR = 16000
CHUNK_MS = 125.0
REFERENCE = [
    WordTiming("hello", 0.25, 0.625),
    WordTiming("big", 0.75, 1.0),
    WordTiming("world", 1.125, 1.625),
    WordTiming("again", 1.75, 2.0),
]


class SlowScriptedStream(ScriptedStream):
    """A scripted stream whose push number `slow_push` takes `cost_s` of (fake) time."""

    def __init__(self, clock: FakeClock, slow_push: int, cost_s: float, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.clock, self.slow_push, self.cost_s = clock, slow_push, cost_s

    def push_audio(self, chunk: np.ndarray) -> list[StreamEvent]:
        if len(self.pushed) == self.slow_push:
            self.clock.advance(self.cost_s)
        return super().push_audio(chunk)


def _scripted_run() -> object:
    def event(seq: int, seg: int, text: str, final: bool = False) -> StreamEvent:
        return StreamEvent(seq=seq, segment_id=seg, text=text, is_final=final)

    pushes: list[list[StreamEvent]] = [[] for _ in range(20)]
    pushes[2] = [event(0, 0, "hello")]  # audio 0.375 s: after hello began
    pushes[5] = [event(1, 0, "Hello big")]  # audio 0.75 s: big has not begun (premature)
    pushes[7] = [event(2, 0, "hello big", final=True)]  # wall 1.0 s
    pushes[9] = [event(3, 1, "word")]
    pushes[12] = [event(4, 1, "world")]  # this push takes 125 ms: wall 1.75 s
    clock = FakeClock()
    stream = SlowScriptedStream(
        clock,
        slow_push=12,
        cost_s=0.125,
        pushes=pushes,
        flushed=[event(5, 1, "world gain", final=True)],  # wall 2.5 s, at the end of the audio
        transcript=Transcript("hello big world gain"),
    )
    return drive_stream(
        lambda sr: stream,
        np.zeros(int(2.5 * SR), dtype=np.float32),
        SR,
        chunk_ms=CHUNK_MS,
        paced=True,
        clock=clock,
        sleep=clock.sleep,
    )


def test_scripted_stream_gives_the_hand_computed_figures() -> None:
    run = _scripted_run()
    result = word_emissions(run, REFERENCE)  # type: ignore[arg-type]
    timed = {w.word: w for w in result.words}
    assert sorted(timed) == ["big", "hello", "world"]  # "gain" is not "again"
    assert (timed["hello"].first_partial_s, timed["hello"].final_s) == (0.375, 1.0)
    assert (timed["big"].first_partial_s, timed["big"].final_s) == (0.75, 1.0)
    assert (timed["world"].first_partial_s, timed["world"].final_s) == (1.75, 2.5)
    assert [w.premature for w in result.words] == [False, True, False]

    figures = emission_figures(result)
    finals = [375.0, 0.0, 875.0]  # final - word end, ms
    partials = [-250.0, -250.0, 125.0]  # first partial - word end, ms
    assert figures["emission_latency_p50_ms"] == 375.0
    assert figures["emission_latency_p90_ms"] == pytest.approx(375.0 + 0.8 * 500.0, rel=1e-12)
    assert figures["emission_latency_p99_ms"] == pytest.approx(375.0 + 0.98 * 500.0, rel=1e-12)
    assert figures["emission_latency_mean_ms"] == pytest.approx(sum(finals) / 3, rel=1e-12)
    assert figures["partial_latency_p50_ms"] == -250.0
    assert figures["partial_latency_p90_ms"] == pytest.approx(-250.0 + 0.8 * 375.0, rel=1e-12)
    assert figures["partial_latency_mean_ms"] == pytest.approx(sum(partials) / 3, rel=1e-12)
    assert figures["emission_unfinalised_share"] == 0.25
    assert figures["emission_premature_words"] == 1.0
    assert figures["emission_words_timed"] == 3.0
    assert figures["first_token_from_onset_ms"] == 125.0  # first text at 0.375 s, hello at 0.25 s
    assert run.first_token_latency_ms == 375.0  # the old figure, from the stream's start


def test_a_stream_that_says_nothing_times_no_word() -> None:
    run = drive_stream(lambda sr: ScriptedStream(), np.zeros(SR, dtype=np.float32), SR, chunk_ms=CHUNK_MS)
    figures = emission_figures(word_emissions(run, REFERENCE))
    assert figures["emission_unfinalised_share"] == 1.0
    assert "emission_latency_p50_ms" not in figures
    assert "first_token_from_onset_ms" not in figures
