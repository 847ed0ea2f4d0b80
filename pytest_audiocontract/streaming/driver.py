"""Driving a stream through a whole signal and measuring it.

`drive_stream(target, audio, sr)` opens a stream, pushes the audio in chunks, then calls
`flush()`, `finalize()` and `close()`, recording for every event the wall time and the audio
time at which it came back. `paced=True` sleeps so each chunk is pushed no earlier than the
moment its last sample would have arrived from a live source (the audio clock).

All times in `StreamRun` are seconds from the stream's start: the moment `start_stream(sr)`
returned, just before the first push. Loading and opening are not timed. The metrics are
pure functions of what was recorded, so they can be tested with a fake clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy.typing as npt

from pytest_audiocontract.audio.resample import as_float32_mono
from pytest_audiocontract.protocols import AsrStreamModel, Stream
from pytest_audiocontract.types import StreamEvent, Transcript

__all__ = ["StreamRun", "TimedEvent", "drive_stream", "partial_churn"]

StreamTarget = AsrStreamModel | Callable[[int], Stream]


@dataclass(frozen=True)
class TimedEvent:
    """An event with the wall time (s) its call returned and the audio (s) pushed by then."""

    event: StreamEvent
    wall_s: float
    audio_s: float
    during_flush: bool = False


@dataclass(frozen=True)
class StreamRun:
    """What one drive of a stream produced, with the metrics derived from it.

    `push_latencies_s[i]` is the duration (s) of the i-th `push_audio` call;
    `finalize_latency_s` covers `flush()` and `finalize()` together.
    """

    timed_events: list[TimedEvent]
    transcript: Transcript
    push_latencies_s: list[float]
    finalize_latency_s: float
    audio_duration_s: float
    paced: bool

    @property
    def events(self) -> list[StreamEvent]:
        """The events in the order they came back, flush included."""
        return [t.event for t in self.timed_events]

    @property
    def num_events(self) -> int:
        return len(self.timed_events)

    @property
    def num_partials(self) -> int:
        return sum(not t.event.is_final for t in self.timed_events)

    @property
    def num_finals(self) -> int:
        return sum(t.event.is_final for t in self.timed_events)

    @property
    def processing_s(self) -> float:
        """Seconds spent inside the stream's calls (sleeps of the paced mode excluded)."""
        return sum(self.push_latencies_s) + self.finalize_latency_s

    @property
    def first_token(self) -> TimedEvent | None:
        """The first event with non-empty text, or None when the stream said nothing."""
        return next((t for t in self.timed_events if t.event.text.strip()), None)

    @property
    def first_token_latency_ms(self) -> float | None:
        """Milliseconds from the stream's start to the first event with text."""
        first = self.first_token
        return None if first is None else 1000.0 * first.wall_s

    @property
    def first_token_lag_ms(self) -> float | None:
        """Milliseconds between the first text's wall time and the audio time pushed by then.

        Meaningful when paced (the audio clock and the wall clock then run together): how
        long after the carrying chunk's last sample arrived the text came back.
        """
        first = self.first_token
        return None if first is None else 1000.0 * (first.wall_s - first.audio_s)

    @property
    def partial_update_rate_hz(self) -> float | None:
        """Partial events per second of audio; None for empty audio."""
        if self.audio_duration_s <= 0:
            return None
        return self.num_partials / self.audio_duration_s

    @property
    def finalize_latency_ms(self) -> float:
        return 1000.0 * self.finalize_latency_s

    @property
    def rtf(self) -> float | None:
        """Processing time over audio duration; None for empty audio."""
        if self.audio_duration_s <= 0:
            return None
        return self.processing_s / self.audio_duration_s

    @property
    def partial_churn(self) -> float | None:
        """Characters of text rewritten per character of final text (see `partial_churn`)."""
        return partial_churn(self.events)

    def metrics(self) -> dict[str, float]:
        """The defined metrics under their claim names (metric_names.METRICS)."""
        values = {
            "first_token_latency_ms": self.first_token_latency_ms,
            "finalize_latency_ms": self.finalize_latency_ms,
            "partial_update_rate_hz": self.partial_update_rate_hz,
            "rtf": self.rtf,
        }
        return {name: value for name, value in values.items() if value is not None}


def partial_churn(events: Sequence[StreamEvent]) -> float | None:
    """Characters of text taken back, per character of final text.

    Within each segment, going from one text to the next, the characters of the earlier text
    past their common prefix are rewritten: "the cat" -> "the cap" rewrites 1, "a" -> "ab"
    rewrites 0. None when there is no final text to divide by.
    """
    last_text: dict[int | str, str] = {}
    rewritten = 0
    final_chars = 0
    for event in events:
        previous = last_text.get(event.segment_id)
        if previous is not None:
            rewritten += len(previous) - _common_prefix_length(previous, event.text)
        last_text[event.segment_id] = event.text
        if event.is_final:
            final_chars += len(event.text)
            del last_text[event.segment_id]
    if final_chars == 0:
        return None
    return rewritten / final_chars


def _common_prefix_length(a: str, b: str) -> int:
    for index, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return index
    return min(len(a), len(b))


def drive_stream(
    target: StreamTarget,
    audio: npt.ArrayLike,
    sr: int,
    chunk_ms: float = 160,
    paced: bool = False,
    clock: Callable[[], float] = time.perf_counter,
    sleep: Callable[[float], None] = time.sleep,
    chunk_sizes: Sequence[int] | None = None,
) -> StreamRun:
    """Run `audio` (float32 at `sr` Hz) through a new stream of `target` and record it.

    `target` is a model object with `start_stream(sr)`, or a callable `sr -> Stream`. Chunks
    are `chunk_ms` milliseconds (at least one sample), unless `chunk_sizes` gives their sizes
    in samples (zero allowed; what is left after them is pushed as one last chunk).
    The stream is closed even when a call raises.
    """
    signal = as_float32_mono(audio)
    sizes = _chunk_sizes(signal.size, sr, chunk_ms, chunk_sizes)
    stream = target.start_stream(sr) if isinstance(target, AsrStreamModel) else target(sr)
    timed: list[TimedEvent] = []
    latencies: list[float] = []
    try:
        t0 = clock()
        pushed = 0
        for size in sizes:
            chunk = signal[pushed : pushed + size]
            pushed += size
            audio_s = pushed / sr
            if paced:
                wait = t0 + audio_s - clock()
                if wait > 0:
                    sleep(wait)
            before = clock()
            events = stream.push_audio(chunk)
            after = clock()
            latencies.append(after - before)
            timed += [TimedEvent(e, after - t0, audio_s) for e in events]
        before = clock()
        events = stream.flush()
        flushed = clock()
        transcript = stream.finalize()
        after = clock()
        timed += [TimedEvent(e, flushed - t0, pushed / sr, during_flush=True) for e in events]
    finally:
        stream.close()
    return StreamRun(
        timed_events=timed,
        transcript=transcript,
        push_latencies_s=latencies,
        finalize_latency_s=after - before,
        audio_duration_s=signal.size / sr,
        paced=paced,
    )


def _chunk_sizes(total: int, sr: int, chunk_ms: float, chunk_sizes: Sequence[int] | None) -> list[int]:
    if chunk_sizes is not None:
        if any(size < 0 for size in chunk_sizes):
            raise ValueError(f"chunk_sizes={list(chunk_sizes)}, but sizes should be >= 0 samples")
        sizes, used = [], 0
        for size in chunk_sizes:
            size = min(size, total - used)
            sizes.append(size)
            used += size
        return sizes + ([total - used] if used < total else [])
    step = max(1, round(sr * chunk_ms / 1000))
    return [min(step, total - start) for start in range(0, total, step)]
