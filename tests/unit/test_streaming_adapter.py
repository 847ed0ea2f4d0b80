"""StreamingAdapter keeps the asr_stream rules whatever its hooks return."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pytest

from pytest_audiocontract import StreamEvent, Transcript
from pytest_audiocontract.streaming.adapter import StreamingAdapter, StreamingModel, Update
from pytest_audiocontract.streaming.endpointer import SilenceEndpointer
from pytest_audiocontract.streaming.fake import FakeStreamingAdapter
from pytest_audiocontract.streaming.invariants import check_stream_events

SR = 16000


def _chunk(seconds: float = 0.1, value: float = 0.1) -> np.ndarray:
    return np.full(round(seconds * SR), value, dtype=np.float32)


def _run(stream: StreamingAdapter, pushes: int) -> list[StreamEvent]:
    events = []
    for _ in range(pushes):
        events += stream.push_audio(_chunk())
    return events + stream.flush()


def test_ids_seq_and_dedup_are_assigned_by_the_base() -> None:
    script = [
        [Update(""), Update("he")],  # empty opening partial is dropped
        [Update("he"), Update("hello")],  # repeated partial is dropped
        [Update("hello  world", is_final=True)],
        [Update("again")],
    ]
    stream = FakeStreamingAdapter(SR, script)
    events = _run(stream, 4)
    assert events == [
        StreamEvent(0, 0, "he", False),
        StreamEvent(1, 0, "hello", False),
        StreamEvent(2, 0, "hello world", True),
        StreamEvent(3, 1, "again", False),
        StreamEvent(4, 1, "again", True),  # flush closes the open segment
    ]
    transcript = stream.finalize()
    assert transcript.text == "hello world again"
    assert check_stream_events(events, transcript.text) == []


def test_segment_times_default_to_chunk_bounds_and_are_clamped() -> None:
    script = [
        [],
        [Update("a")],
        [Update("a b", is_final=True)],
        [Update("c", start=-5.0, end=99.0, is_final=True)],
    ]
    stream = FakeStreamingAdapter(SR, script)
    _run(stream, 4)
    # "a" opened in the 2nd 0.1 s chunk and ended with the 3rd; "c" is clamped to [0, 0.4].
    # Its start is raised to the previous segment's start so segments stay sorted.
    segments = stream.finalize().segments
    assert [s.text for s in segments] == ["a b", "c"]
    np.testing.assert_allclose([(s.start, s.end) for s in segments], [(0.1, 0.3), (0.1, 0.4)])


def test_finalize_is_idempotent_and_flushes_first() -> None:
    stream = FakeStreamingAdapter(SR, [[Update("x")]], flush_updates=[Update("x y")])
    stream.push_audio(_chunk())
    first = stream.finalize()
    assert first == Transcript(text="x y", segments=first.segments)
    assert stream.finalize() == first
    assert [e.text for e in stream.events] == ["x", "x y", "x y"]
    assert stream.events[-1].is_final
    assert stream.flush() == []


@pytest.mark.parametrize("end", ["finalize", "close"])
def test_push_after_the_end_raises(end: str) -> None:
    stream = FakeStreamingAdapter(SR)
    stream.push_audio(_chunk())
    getattr(stream, end)()
    with pytest.raises(RuntimeError, match=rf"after {end}\(\)"):
        stream.push_audio(_chunk())


def test_close_is_safe_twice_and_without_finalize() -> None:
    stream = FakeStreamingAdapter(SR, [[Update("a", is_final=True)], [Update("b")]])
    stream.push_audio(_chunk())
    stream.push_audio(_chunk())
    stream.close()
    stream.close()
    assert stream.closed_count == 1
    # After close the transcript holds the finals sent before it; the open "b" is dropped.
    assert stream.finalize().text == "a"
    with stream:
        pass


def test_empty_final_closes_an_open_segment_but_adds_no_text() -> None:
    script = [
        [Update("um")],
        [Update("", is_final=True)],
        [Update("", is_final=True)],
        [Update("yes", is_final=True)],
    ]
    stream = FakeStreamingAdapter(SR, script)
    events = _run(stream, 4)
    assert [(e.segment_id, e.text, e.is_final) for e in events] == [
        (0, "um", False),
        (0, "", True),
        (1, "yes", True),
    ]
    transcript = stream.finalize()
    assert transcript.text == "yes"
    assert [s.text for s in transcript.segments] == ["yes"]
    assert check_stream_events(events, transcript.text) == []


def test_a_bad_update_is_a_type_error_naming_the_adapter() -> None:
    stream = FakeStreamingAdapter(SR, [["not an update"]])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="FakeStreamingAdapter hook returned 'not an update'"):
        stream.push_audio(_chunk())


class _RecordingStream(StreamingAdapter):
    """Records the chunks its hook sees; says the chunk count as text."""

    sample_rate = 8000
    chunk_ms = 20

    def __init__(self, sr: int) -> None:
        super().__init__(sr)
        self.seen: list[np.ndarray] = []

    def _on_audio(self, chunk: np.ndarray) -> Iterable[Update]:
        self.seen.append(chunk)
        return [Update(str(len(self.seen)))]


def test_hooks_get_fixed_chunks_at_the_declared_rate() -> None:
    stream = _RecordingStream(48000)
    audio = np.sin(np.arange(48000) * 0.01).astype(np.float32) * 0.5  # one second
    for start in range(0, audio.size, 1234):
        stream.push_audio(audio[start : start + 1234])
    stream.push_audio(np.zeros(0, np.float32))
    stream.flush()
    sizes = [c.size for c in stream.seen]
    assert set(sizes) == {160}  # 20 ms at 8 kHz, and one second divides evenly
    assert sum(sizes) == 8000
    assert stream.hook_sr == 8000
    assert stream.processed_seconds == pytest.approx(1.0)
    assert stream.pushed_seconds == pytest.approx(1.0)


class _WordPerBurst(StreamingAdapter):
    """Partial "word" while audio is loud; the endpointer decides the final."""

    def __init__(self, sr: int) -> None:
        super().__init__(sr)
        self.endpointer = SilenceEndpointer(sr, min_silence_ms=200)

    def _on_audio(self, chunk: np.ndarray) -> Iterable[Update]:
        loud = float(np.abs(chunk).max()) > 0.01
        return [Update("word")] if loud else []


def test_endpointer_finals_split_inside_a_chunk() -> None:
    burst, gap = _chunk(0.3, 0.5), _chunk(0.5, 0.0)
    audio = np.concatenate([burst, gap, burst, gap])
    stream = _WordPerBurst(SR)
    events = stream.push_audio(audio)  # one push: endpoints fall inside it
    assert [(e.segment_id, e.text, e.is_final) for e in events] == [
        (0, "word", False),
        (0, "word", True),
        (1, "word", False),
        (1, "word", True),
    ]
    assert stream.flush() == []
    segments = stream.finalize().segments
    # The first final comes at the endpoint: 0.3 s of burst + 0.2 s of silence.
    assert segments[0].end == pytest.approx(0.5)
    assert stream.finalize().text == "word word"


def test_streaming_model_opens_independent_streams() -> None:
    model = StreamingModel(lambda sr: FakeStreamingAdapter(sr, [[Update("a")], [Update("b")]]))
    one, two = model.start_stream(SR), model.start_stream(SR)
    assert one is not two
    one.push_audio(_chunk())
    two.push_audio(_chunk())
    one.push_audio(_chunk())
    assert one.finalize().text == "b"
    assert two.finalize().text == "a"


def test_sr_must_be_a_positive_int() -> None:
    with pytest.raises(ValueError, match="positive int"):
        FakeStreamingAdapter(0)


class _ReturnsOneUpdate(StreamingAdapter):
    def _on_audio(self, chunk: np.ndarray) -> Iterable[Update]:
        return Update("oops")  # type: ignore[return-value]


def test_a_bare_update_instead_of_a_list_is_a_clear_type_error() -> None:
    with pytest.raises(TypeError, match="should return a list of Update items"):
        _ReturnsOneUpdate(SR).push_audio(_chunk())


def test_an_endpointer_at_the_wrong_rate_is_refused() -> None:
    stream = _WordPerBurst(SR)
    stream.endpointer = SilenceEndpointer(8000)
    with pytest.raises(ValueError, match=r"endpointer\.sr=8000, but should be hook_sr=16000"):
        stream.push_audio(_chunk())


class _Clobberer(StreamingAdapter):
    """Uses the names a naive subclass might pick; the base's bookkeeping must survive."""

    def __init__(self, sr: int) -> None:
        super().__init__(sr)
        self._seq = -100
        self._segment_id = 0
        self._closed = True
        self._history: list[str] = []

    def _on_audio(self, chunk: np.ndarray) -> Iterable[Update]:
        self._seq += 1
        return [Update("a", is_final=True)]

    def _final(self) -> None:
        """A subclass helper whose name the base must not depend on."""


def test_subclass_attribute_names_cannot_clobber_the_base() -> None:
    stream = _Clobberer(SR)
    events = stream.push_audio(_chunk()) + stream.push_audio(_chunk())
    assert [(e.seq, e.segment_id) for e in events] == [(0, 0), (1, 1)]
    assert stream.finalize().text == "a a"
