"""Test doubles for streaming: scripted streams, a fake model and a fake clock.

- `FakeClock`: a clock the driver can read and "sleep" on without real waiting.
- `FakeStreamingAdapter`: a `StreamingAdapter` whose hooks return scripted `Update`s, one
  script entry per `_on_audio` call; the base keeps every rule, so it is a well-behaved stream.
- `FakeStreamingModel`: a model object whose streams are `FakeStreamingAdapter`s.
- `ScriptedStream`: a bare `Stream` that returns scripted `StreamEvent`s as they are, rules
  broken or not, for testing the checks that must catch broken streams.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, TypedDict

from pytest_audiocontract.streaming.adapter import StreamingAdapter, Update
from pytest_audiocontract.types import AudioArray, StreamEvent, Transcript

if TYPE_CHECKING:
    from typing_extensions import Unpack  # typing's own from Python 3.11; annotations only


class FakeClock:
    """A monotonic clock in seconds that moves only when told (`advance` or `sleep`)."""

    def __init__(self, start: float = 0.0) -> None:
        self.now = start
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the clock forward by `seconds` (e.g. to stand for processing time)."""
        if seconds < 0:
            raise ValueError(f"seconds={seconds}, but should be >= 0: the clock is monotonic")
        self.now += seconds

    def sleep(self, seconds: float) -> None:
        """Record the sleep and advance, as `time.sleep` would let time pass."""
        self.slept.append(seconds)
        self.advance(max(0.0, seconds))


class FakeCosts(TypedDict, total=False):
    """The processing time a `FakeStreamingAdapter` spends on `clock` (its keywords)."""

    clock: FakeClock | None
    cost_s_per_audio_s: float
    flush_cost_s: float


class FakeStreamingAdapter(StreamingAdapter):
    """Returns `script[i]` from the i-th `_on_audio` call (nothing once the script runs out).

    `flush_updates` come from `_on_flush`. With a `clock`, each `_on_audio` call advances it by
    `cost_s_per_audio_s` times the chunk's duration and each `_on_flush` by `flush_cost_s`:
    processing time that the driver measures, without real work.
    """

    def __init__(
        self,
        sr: int,
        script: Sequence[Sequence[Update]] = (),
        flush_updates: Sequence[Update] = (),
        *,
        clock: FakeClock | None = None,
        cost_s_per_audio_s: float = 0.0,
        flush_cost_s: float = 0.0,
    ) -> None:
        super().__init__(sr)
        self.script = [list(step) for step in script]
        self.flush_updates = list(flush_updates)
        self.clock = clock
        self.cost_s_per_audio_s = cost_s_per_audio_s
        self.flush_cost_s = flush_cost_s
        self.chunks: list[AudioArray] = []
        self.closed_count = 0

    def _on_audio(self, chunk: AudioArray) -> Iterable[Update]:
        if self.clock is not None:
            self.clock.advance(self.cost_s_per_audio_s * chunk.size / self.hook_sr)
        step = len(self.chunks)
        self.chunks.append(chunk)
        return self.script[step] if step < len(self.script) else []

    def _on_flush(self) -> Iterable[Update]:
        if self.clock is not None:
            self.clock.advance(self.flush_cost_s)
        return self.flush_updates

    def _on_close(self) -> None:
        self.closed_count += 1


class FakeStreamingModel:
    """A model object whose `start_stream(sr)` opens a new `FakeStreamingAdapter`.

    Every stream gets the same script and options; `streams` lists them in opening order.
    """

    def __init__(
        self,
        script: Sequence[Sequence[Update]] = (),
        flush_updates: Sequence[Update] = (),
        **costs: Unpack[FakeCosts],
    ) -> None:
        self.script = script
        self.flush_updates = flush_updates
        self.costs = costs
        self.streams: list[FakeStreamingAdapter] = []

    def start_stream(self, sr: int) -> FakeStreamingAdapter:
        stream = FakeStreamingAdapter(sr, self.script, self.flush_updates, **self.costs)
        self.streams.append(stream)
        return stream


class ScriptedStream:
    """A bare `Stream` returning `pushes[i]` from the i-th `push_audio` and `flushed` from flush.

    It enforces nothing: `push_audio` keeps working after `finalize()` and `close()` unless
    `strict=True`, so it can stand in for a broken adapter.
    """

    def __init__(
        self,
        pushes: Sequence[Sequence[StreamEvent]] = (),
        flushed: Sequence[StreamEvent] = (),
        transcript: Transcript | None = None,
        *,
        strict: bool = False,
    ) -> None:
        self.pushes = [list(step) for step in pushes]
        self.flushed = list(flushed)
        self.transcript = transcript if transcript is not None else Transcript(text="")
        self.strict = strict
        self.pushed: list[AudioArray] = []
        self.over = False

    def push_audio(self, chunk: AudioArray) -> list[StreamEvent]:
        if self.strict and self.over:
            raise RuntimeError("push_audio() after finalize() or close()")
        step = len(self.pushed)
        self.pushed.append(chunk)
        return self.pushes[step] if step < len(self.pushes) else []

    def flush(self) -> list[StreamEvent]:
        flushed, self.flushed = self.flushed, []
        return flushed

    def finalize(self) -> Transcript:
        self.over = True
        return self.transcript

    def close(self) -> None:
        self.over = True
