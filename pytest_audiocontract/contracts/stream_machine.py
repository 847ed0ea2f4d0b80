"""The streaming lifecycle as a Hypothesis state machine.

Two streams of one model are driven at once with random chunk sizes, flushes at random points,
finalize twice, pushes after the end and double closes. Each asr_stream rule runs this machine
and checks only its own invariant, so a pack that breaks one rule fails exactly that rule; the
model's answers are shared between the rules (stream_runs.py), so each program is streamed once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TypeVar

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from pytest_audiocontract.audio.strategies import AudioCase, chunk_sizes, rates
from pytest_audiocontract.audio.synth import SignalSpec
from pytest_audiocontract.contracts.facts import number_fact
from pytest_audiocontract.contracts.rules import Check
from pytest_audiocontract.contracts.stream_runs import ReplayModel
from pytest_audiocontract.contracts.stream_track import StreamTrack
from pytest_audiocontract.streaming.invariants import StreamProblem, stream_problems
from pytest_audiocontract.types import StreamEvent, Transcript

T = TypeVar("T")

STREAM_SECONDS = 4.0
SEQ = "seq_strictly_increasing"
SEGMENTS = "segment_ids_stable"
IDEMPOTENT = "finalize_idempotent"
PUSH_AFTER_END = "push_after_end_raises"
CLOSE_SAFE = "close_always_safe"
FINALS_JOIN = "finals_join_to_transcript"
MACHINE_RULES = (SEQ, SEGMENTS, IDEMPOTENT, PUSH_AFTER_END, CLOSE_SAFE, FINALS_JOIN)
_INVARIANT_NAMES = {SEQ: "seq-increasing", SEGMENTS: "segment-closed", FINALS_JOIN: "finals-join"}


def _problem(rule: str, events: list[StreamEvent], text: str) -> StreamProblem | None:
    wanted = _INVARIANT_NAMES.get(rule)
    return next((p for p in stream_problems(events, text) if p.rule == wanted), None)


@st.composite
def stream_audio(draw: st.DrawFn, max_seconds: float) -> AudioCase:
    """Speech-like bursts first (they make segments), then other signals; up to `max_seconds`."""
    sr = draw(rates())
    seconds = draw(st.one_of(st.sampled_from((max_seconds, 0.0, 1.0)), st.floats(0.0, max_seconds)))
    kind = draw(st.sampled_from(("bursts", "tone", "silence", "noise", "chirp")))
    return AudioCase.of(
        SignalSpec(kind, sr, int(seconds * sr), level=0.5, freq=150.0, seed=draw(st.integers(0, 2**16)))
    )


def lifecycle_machine(check: Check) -> type[RuleBasedStateMachine]:
    """A state machine class bound to `check` (its model, and the one invariant it asserts)."""
    runs = check.binding.stream_runs
    target = check.rule
    max_seconds = min(STREAM_SECONDS, number_fact(check.facts, "max_audio_s", STREAM_SECONDS))

    class StreamLifecycle(RuleBasedStateMachine):
        tracks: list[StreamTrack]

        failed = False

        def _fail(self, track: StreamTrack, what: str, got: object, expected: str) -> None:
            __tracebackhide__ = True
            self.failed = True  # teardown then only releases the streams
            check.fail(
                what, got, expected, call=" -> ".join(track.log[-12:]) + f" on {track.audio.describe()}"
            )

        def _call(self, track: StreamTrack, label: str, fn: Callable[..., T], *args: object) -> T | None:
            track.log.append(label)
            try:
                return fn(*args)
            except Exception as exc:
                if target == CLOSE_SAFE and label.startswith("close"):
                    self._fail(
                        track,
                        label,
                        f"raised {type(exc).__name__}: {exc}",
                        "no exception: close() is always safe",
                    )
                track.broken = True  # returns_result_type owns plain failures of a call
                return None

        retired: list[StreamTrack]
        model: ReplayModel

        @initialize(first=stream_audio(max_seconds), second=stream_audio(max_seconds))
        def open_streams(self, first: AudioCase, second: AudioCase) -> None:
            self.model = runs.new_run()  # one Hypothesis example: one program of calls
            self.tracks = [StreamTrack(self.model.start_stream(c.sr), c) for c in (first, second)]
            self.retired = []

        @precondition(lambda self: any(not t.open for t in self.tracks))
        @rule(data=st.data(), audio=stream_audio(max_seconds))
        def open_another(self, data: st.DataObject, audio: AudioCase) -> None:
            """Replace an ended stream by a new one, so the machine always has work to do."""
            track = self._pick(data, [t for t in self.tracks if not t.open])
            self.retired.append(track)
            self.tracks[self.tracks.index(track)] = StreamTrack(self.model.start_stream(audio.sr), audio)

        def _pick(self, data: st.DataObject, allowed: list[StreamTrack]) -> StreamTrack:
            return data.draw(st.sampled_from(allowed), label="stream")

        def _open(self) -> list[StreamTrack]:
            return [t for t in self.tracks if t.open]

        @precondition(lambda self: any(t.open for t in self.tracks))
        @rule(data=st.data(), n=chunk_sizes(4000))
        def push(self, data: st.DataObject, n: int) -> None:
            self._push(self._pick(data, self._open()), n)

        def _push(self, track: StreamTrack, n: int) -> None:
            chunk = track.next_chunk(n)
            events = self._call(track, f"push_audio({chunk.size} samples)", track.stream.push_audio, chunk)
            track.events.extend(events or [])
            track.flushed = False

        @precondition(lambda self: any(t.open for t in self.tracks))
        @rule(data=st.data(), step=st.sampled_from((1600, 160, 4000)))
        def push_rest(self, data: st.DataObject, step: int) -> None:
            self._push_rest(self._pick(data, self._open()), step)

        def _push_rest(self, track: StreamTrack, step: int) -> None:
            while track.open and track.position < track.audio.audio.size:
                self._push(track, step)

        @precondition(lambda self: any(t.open for t in self.tracks))
        @rule(data=st.data())
        def flush(self, data: st.DataObject) -> None:
            track = self._pick(data, self._open())
            self._flush(track)

        def _flush(self, track: StreamTrack) -> None:
            track.events.extend(self._call(track, "flush()", track.stream.flush) or [])
            track.flushed = True

        @precondition(lambda self: any(not (t.closed or t.broken) for t in self.tracks))
        @rule(data=st.data(), flush_first=st.booleans())
        def finalize(self, data: st.DataObject, flush_first: bool) -> None:
            track = self._pick(data, [t for t in self.tracks if not (t.closed or t.broken)])
            if flush_first and track.open:
                self._flush(track)
            self._finalize(track)

        def _finalize(self, track: StreamTrack) -> None:
            result = self._call(track, "finalize()", track.stream.finalize)
            if isinstance(result, Transcript):
                if not track.transcripts:
                    # Finals held back are only owed as events after a flush().
                    track.finalized_after_flush = track.flushed
                track.transcripts.append(result)
                track.finalized = True

        @precondition(lambda self: any((t.finalized or t.closed) and not t.broken for t in self.tracks))
        @rule(data=st.data(), n=st.integers(0, 800))
        def push_after_end(self, data: st.DataObject, n: int) -> None:
            self._push_after_end(
                self._pick(data, [t for t in self.tracks if (t.finalized or t.closed) and not t.broken]), n
            )

        def _push_after_end(self, track: StreamTrack, n: int) -> None:
            __tracebackhide__ = True
            when = "close()" if track.closed else "finalize()"
            track.log.append(f"push_audio({n} samples) after {when}")
            try:
                track.stream.push_audio(track.audio.audio[:n].copy())
            except RuntimeError:
                return
            except Exception as exc:
                if target == PUSH_AFTER_END:
                    self._fail(
                        track,
                        f"push_audio after {when}",
                        f"raised {type(exc).__name__}: {exc}",
                        "RuntimeError",
                    )
                return
            if target == PUSH_AFTER_END:
                self._fail(track, f"push_audio after {when}", "returned normally", "raise RuntimeError")

        @precondition(lambda self: any(not t.broken for t in self.tracks))
        @rule(data=st.data())
        def close(self, data: st.DataObject) -> None:
            track = self._pick(data, [t for t in self.tracks if not t.broken])
            self._call(track, "close()", track.stream.close)
            track.closed = True

        @invariant()
        def events_so_far(self) -> None:
            __tracebackhide__ = True
            for track in getattr(self, "tracks", []):
                self._check_events(track)

        def _check_events(self, track: StreamTrack) -> None:
            __tracebackhide__ = True
            if target in (SEQ, SEGMENTS):
                found = _problem(target, track.events, "")
                if found:
                    self._fail(track, found.what, found.got, found.expected)

        def teardown(self) -> None:
            __tracebackhide__ = True
            for track in [*getattr(self, "retired", []), *getattr(self, "tracks", [])]:
                if self.failed:
                    self._release(track)
                    continue
                if not (track.closed or track.broken):
                    if not track.finalized:
                        # Every example streams its whole signal, whatever steps it took.
                        self._push_rest(track, 1600)
                        self._flush(track)
                        self._check_events(track)
                    self._finalize(track)
                    self._finalize(track)
                if target == IDEMPOTENT and len(track.transcripts) > 1:
                    first = track.transcripts[0]
                    for again in track.transcripts[1:]:
                        if again != first:
                            self._fail(
                                track,
                                "finalize() called again",
                                again,
                                f"{first!r}, equal to the first finalize()",
                            )
                if target == FINALS_JOIN and track.finalized_after_flush and not track.broken:
                    found = _problem(target, track.events, track.transcripts[0].text)
                    if found:
                        self._fail(track, found.what, found.got, found.expected)
                # Every example pushes after the end, whatever steps Hypothesis drew before.
                if track.finalized and not (track.closed or track.broken):
                    self._push_after_end(track, 160)
                self._call(track, "close()", track.stream.close)
                track.closed = True
                if not track.broken:
                    self._push_after_end(track, 160)
                self._call(track, "close() again", track.stream.close)

        @staticmethod
        def _release(track: StreamTrack) -> None:
            with contextlib.suppress(Exception):  # the failure already reported matters
                track.stream.close()

    StreamLifecycle.__name__ = f"StreamLifecycle_{target}"
    return StreamLifecycle
