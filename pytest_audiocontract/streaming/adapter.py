"""`StreamingAdapter`: a base class that implements the `Stream` protocol and keeps its rules.

A pack author subclasses it and writes the recognition part only, as small hooks; the base
does the bookkeeping that the asr_stream contract checks (PACK_SPEC "What conformance
means"), so a subclass cannot break it:

- `seq` is assigned by the base and increases strictly over the stream's whole life;
- `segment_id` is assigned by the base: 0, 1, 2, ...; a new one after each final, and a final's
  id is never used again;
- identical consecutive partials are sent once; an empty partial before any text is dropped;
- `flush()` sends the events still held back and closes an open segment with a final;
- `finalize()` flushes first if needed and returns an equal `Transcript` on every call; its
  text is the final texts joined with spaces, its segments come from the non-empty finals;
- `push_audio()` after `finalize()` or `close()` raises `RuntimeError`; `close()` is always
  safe, also twice and without `finalize()`.

Hooks (the names a subclass uses):

- `_on_audio(chunk) -> Iterable[Update]` (required): `chunk` is float32 at `self.hook_sr` Hz;
  return the updates it caused (possibly none).
- `_on_flush() -> Iterable[Update]` (optional): end of input; return what was held back.
- `_on_endpoint() -> Iterable[Update]` (optional): called when `self.endpointer` (off unless
  the subclass sets one) detects the end of a segment; by default finalizes the open segment
  with its last text. Override it to also reset the recogniser's own state.
- `_on_close() -> None` (optional): release resources; called once.

An `Update(text, is_final, start=None, end=None)` carries the current segment's *whole* text
so far, not a delta; `is_final=True` closes the segment. `start` / `end` are seconds from the
start of the stream; where left out, the base uses the start of the chunk that opened the
segment and the end of the audio processed at the final. The base clamps them to the audio
pushed so far and keeps segments sorted by start.

Class attributes a subclass may set:

- `sample_rate`: the rate (Hz) the hooks want; the base resamples the stream once, with a
  streaming resampler, so chunk boundaries leave no artefacts. None (default): the stream's rate.
- `chunk_ms`: hand the hooks fixed chunks of this many milliseconds (the last one at flush
  may be short); None (default): hand over whatever was pushed.
- `language`: the BCP-47 tag put in the `Transcript`, or None.

A model object returns one new instance per `start_stream(sr)` call, so several streams can be
open at once; keep per-stream state on the instance and share only read-only things (weights)
through the model. `StreamingModel(factory)` is a ready-made model object for that pattern::

    class EchoStream(StreamingAdapter):
        sample_rate = 16000

        def _on_audio(self, chunk):
            return [Update("hello")] if chunk.size else []

    def load(variant: str, device: str) -> StreamingModel[EchoStream]:
        return StreamingModel(EchoStream)
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

import numpy.typing as npt

from pytest_audiocontract.audio.resample import as_float32_mono
from pytest_audiocontract.streaming.chunking import AudioChunker, ChunkConfig
from pytest_audiocontract.streaming.endpointer import SilenceEndpointer
from pytest_audiocontract.types import AudioArray, Segment, StreamEvent, Transcript

__all__ = ["StreamingAdapter", "StreamingModel", "Update", "normalize_text"]


def normalize_text(text: str) -> str:
    """`text` with runs of whitespace collapsed to one space and the ends stripped."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Update:
    """The open segment's whole text so far; `is_final` closes it. Times in seconds."""

    text: str
    is_final: bool = False
    start: float | None = None
    end: float | None = None


class StreamingAdapter(ABC):
    """Base class of a `Stream` (see the module docstring for the hooks and the rules kept)."""

    sample_rate: ClassVar[int | None] = None
    chunk_ms: ClassVar[int | None] = None
    language: ClassVar[str | None] = None

    def __init__(self, sr: int) -> None:
        if isinstance(sr, bool) or not isinstance(sr, int) or sr <= 0:
            raise ValueError(f"sr={sr!r}, but should be a positive int (Hz)")
        self.sr = sr
        self.hook_sr = self.sample_rate or sr
        self.endpointer: SilenceEndpointer | None = None
        frame_ms = self.chunk_ms or ChunkConfig.frame_ms
        self._chunker = AudioChunker(sr, self.hook_sr, ChunkConfig(frame_ms, self.chunk_ms))
        self._hook_samples = 0
        self._chunk_start_s = 0.0
        self._seq = 0
        self._segment_id = 0
        self._open_text: str | None = None  # None: no segment open
        self._open_start: float | None = None
        self._segments: list[Segment] = []
        self._final_texts: list[str] = []
        self._history: list[StreamEvent] = []
        self._needs_flush = False
        self._finalized: Transcript | None = None
        self._closed = False

    # -- hooks ---------------------------------------------------------------------------

    @abstractmethod
    def _on_audio(self, chunk: AudioArray) -> Iterable[Update]:
        """Process `chunk` (float32 at `self.hook_sr` Hz); return the updates it caused."""

    def _on_flush(self) -> Iterable[Update]:
        """End of input: return the updates still held back."""
        return ()

    def _on_endpoint(self) -> Iterable[Update]:
        """The endpointer ended a segment; by default finalize it with its last text."""
        if self._open_text is None:
            return ()
        return (Update(self._open_text, is_final=True),)

    def _on_close(self) -> None:
        """Release resources (called once, by the first `close()`)."""
        return None

    # -- what a subclass may read ------------------------------------------------------------

    @property
    def pushed_seconds(self) -> float:
        """Seconds of audio pushed so far (at the stream's rate)."""
        return self._chunker.samples_in / self.sr

    @property
    def processed_seconds(self) -> float:
        """Seconds of audio handed to `_on_audio` so far, the chunk being processed included."""
        return self._hook_samples / self.hook_sr

    @property
    def open_text(self) -> str | None:
        """The open segment's last text sent, or None when no segment is open."""
        return self._open_text

    @property
    def events(self) -> list[StreamEvent]:
        """Every event this stream has produced, those of an implicit flush included."""
        return list(self._history)

    # -- the Stream protocol -----------------------------------------------------------------

    def push_audio(self, chunk: npt.ArrayLike) -> list[StreamEvent]:
        """Take a float32 chunk at the stream's rate (int16 is scaled); return its events."""
        if self._closed or self._finalized is not None:
            state = "close()" if self._closed else "finalize()"
            raise RuntimeError(
                f"push_audio() after {state}: this stream is over; "
                "start a new one with model.start_stream(sr)"
            )
        audio = as_float32_mono(chunk)
        events: list[StreamEvent] = []
        for piece in self._chunker.push(audio):
            events += self._feed(piece)
        self._needs_flush = True
        return events

    def flush(self) -> list[StreamEvent]:
        """Send what is held back and close the open segment with a final."""
        if self._closed or self._finalized is not None or not self._needs_flush:
            return []
        events: list[StreamEvent] = []
        for piece in self._chunker.finish():
            events += self._feed(piece)
        events += self._emit(self._on_flush())
        if self._open_text is not None:
            events += self._emit([Update(self._open_text, is_final=True)])
        self._needs_flush = False
        return events

    def finalize(self) -> Transcript:
        """The whole transcript; flushes first if needed; the same result on every call.

        Events of that implicit flush are not returned (call `flush()` first to get them);
        they are kept in `events`. After `close()` without `finalize()` the transcript holds
        the finals sent before the close.
        """
        if self._finalized is None:
            if not self._closed:
                self.flush()
            self._finalized = Transcript(
                text=" ".join(t for t in self._final_texts if t),
                segments=list(self._segments),
                language=self.language,
            )
        return self._finalized

    def close(self) -> None:
        """Release resources; safe at any time and more than once."""
        if self._closed:
            return
        self._closed = True
        self._on_close()

    def __enter__(self) -> StreamingAdapter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- bookkeeping -------------------------------------------------------------------------

    def _feed(self, chunk: AudioArray) -> list[StreamEvent]:
        if self.endpointer is None:
            return self._process(chunk)
        events: list[StreamEvent] = []
        start = 0
        for cut in self.endpointer.push(chunk):
            events += self._process(chunk[start:cut])
            events += self._emit(self._on_endpoint())
            start = cut
        return events + self._process(chunk[start:])

    def _process(self, chunk: AudioArray) -> list[StreamEvent]:
        if chunk.size == 0:
            return []
        self._chunk_start_s = self.processed_seconds
        self._hook_samples += chunk.size
        return self._emit(self._on_audio(chunk))

    def _emit(self, updates: Iterable[Update] | None) -> list[StreamEvent]:
        events: list[StreamEvent] = []
        for update in updates or ():
            if not isinstance(update, Update) or not isinstance(update.text, str):
                raise TypeError(
                    f"{type(self).__name__} hook returned {update!r}, but should return "
                    "Update(text: str, is_final: bool, start=None, end=None) items"
                )
            text = normalize_text(update.text)
            if update.is_final:
                events += self._final(text, update)
            elif text != (self._open_text or ""):
                events.append(self._partial(text, update))
        return events

    def _partial(self, text: str, update: Update) -> StreamEvent:
        if self._open_text is None or update.start is not None:
            self._open_start = self._clamp(update.start, self._chunk_start_s)
        self._open_text = text
        return self._event(text, is_final=False)

    def _final(self, text: str, update: Update) -> list[StreamEvent]:
        if self._open_text is None and not text:
            return []  # nothing was said and nothing is open: no segment to close
        if update.start is not None or self._open_start is None:
            start = self._clamp(update.start, self._chunk_start_s)
        else:
            start = self._open_start
        if self._segments:
            start = max(start, self._segments[-1].start)  # keep segments sorted by start
        end = max(start, self._clamp(update.end, self.processed_seconds))
        event = self._event(text, is_final=True)
        self._final_texts.append(text)
        if text:
            self._segments.append(Segment(start=start, end=end, text=text))
        self._segment_id += 1
        self._open_text = None
        self._open_start = None
        return [event]

    def _event(self, text: str, *, is_final: bool) -> StreamEvent:
        event = StreamEvent(seq=self._seq, segment_id=self._segment_id, text=text,
                            is_final=is_final)
        self._seq += 1
        self._history.append(event)
        return event

    def _clamp(self, seconds: float | None, default: float) -> float:
        value = default if seconds is None else float(seconds)
        if value != value:  # NaN from a subclass: fall back rather than poison the transcript
            value = default
        return min(max(value, 0.0), self.pushed_seconds)


StreamT = TypeVar("StreamT", bound=StreamingAdapter)


class StreamingModel(Generic[StreamT]):
    """A model object whose `start_stream(sr)` returns a new `factory(sr)` each call.

    Streams share nothing but what the factory closes over (e.g. loaded weights), so any
    number may be open at once.
    """

    def __init__(self, factory: Callable[[int], StreamT]) -> None:
        self._factory = factory

    def start_stream(self, sr: int) -> StreamT:
        """Open a new, independent stream for audio at `sr` Hz."""
        return self._factory(sr)
