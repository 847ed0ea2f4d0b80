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

The base keeps its own state and helpers in name-mangled (`__name`) attributes, so a subclass
may use any single-underscore names without clobbering them.

Hooks (the names a subclass uses):

- `_on_audio(chunk) -> Iterable[Update]` (required): `chunk` is float32 at `self.hook_sr` Hz;
  return the updates it caused (possibly none).
- `_on_flush() -> Iterable[Update]` (optional): end of input; return what was held back.
- `_on_endpoint() -> Iterable[Update]` (optional): called when `self.endpointer` detects the
  end of a segment (off unless the subclass sets `self.endpointer =
  SilenceEndpointer(self.hook_sr, ...)`); by default finalizes the open segment with its
  last text. Override it to also reset the recogniser's own state.
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
        self.__chunker = AudioChunker(sr, self.hook_sr, ChunkConfig(frame_ms, self.chunk_ms))
        self.__hook_samples = 0
        self.__chunk_start_s = 0.0
        self.__seq = 0
        self.__segment_id = 0
        self.__open_text: str | None = None  # None: no segment open
        self.__open_start: float | None = None
        self.__segments: list[Segment] = []
        self.__final_texts: list[str] = []
        self.__history: list[StreamEvent] = []
        self.__needs_flush = False
        self.__finalized: Transcript | None = None
        self.__closed = False

    # -- hooks ---------------------------------------------------------------------------

    @abstractmethod
    def _on_audio(self, chunk: AudioArray) -> Iterable[Update]:
        """Process `chunk` (float32 at `self.hook_sr` Hz); return the updates it caused."""

    def _on_flush(self) -> Iterable[Update]:
        """End of input: return the updates still held back."""
        return ()

    def _on_endpoint(self) -> Iterable[Update]:
        """The endpointer ended a segment; by default finalize it with its last text."""
        if self.__open_text is None:
            return ()
        return (Update(self.__open_text, is_final=True),)

    def _on_close(self) -> None:
        """Release resources (called once, by the first `close()`)."""
        return None

    # -- what a subclass may read ------------------------------------------------------------

    @property
    def pushed_seconds(self) -> float:
        """Seconds of audio pushed so far (at the stream's rate)."""
        return self.__chunker.samples_in / self.sr

    @property
    def processed_seconds(self) -> float:
        """Seconds of audio handed to `_on_audio` so far, the chunk being processed included."""
        return self.__hook_samples / self.hook_sr

    @property
    def open_text(self) -> str | None:
        """The open segment's last text sent, or None when no segment is open."""
        return self.__open_text

    @property
    def events(self) -> list[StreamEvent]:
        """Every event this stream has produced, those of an implicit flush included."""
        return list(self.__history)

    # -- the Stream protocol -----------------------------------------------------------------

    def push_audio(self, chunk: npt.ArrayLike) -> list[StreamEvent]:
        """Take a float32 chunk at the stream's rate (int16 is scaled); return its events."""
        if self.__closed or self.__finalized is not None:
            state = "close()" if self.__closed else "finalize()"
            raise RuntimeError(
                f"push_audio() after {state}: this stream is over; "
                "start a new one with model.start_stream(sr)"
            )
        audio = as_float32_mono(chunk)
        events: list[StreamEvent] = []
        for piece in self.__chunker.push(audio):
            events += self.__feed(piece)
        self.__needs_flush = True
        return events

    def flush(self) -> list[StreamEvent]:
        """Send what is held back and close the open segment with a final."""
        if self.__closed or self.__finalized is not None or not self.__needs_flush:
            return []
        events: list[StreamEvent] = []
        for piece in self.__chunker.finish():
            events += self.__feed(piece)
        events += self.__emit(self._on_flush())
        if self.__open_text is not None:
            events += self.__emit([Update(self.__open_text, is_final=True)])
        self.__needs_flush = False
        return events

    def finalize(self) -> Transcript:
        """The whole transcript; flushes first if needed; the same result on every call.

        Events of that implicit flush are not returned (call `flush()` first to get them);
        they are kept in `events`. After `close()` without `finalize()` the transcript holds
        the finals sent before the close.
        """
        if self.__finalized is None:
            if not self.__closed:
                self.flush()
            self.__finalized = Transcript(
                text=" ".join(t for t in self.__final_texts if t),
                segments=list(self.__segments),
                language=self.language,
            )
        return self.__finalized

    def close(self) -> None:
        """Release resources; safe at any time and more than once."""
        if self.__closed:
            return
        self.__closed = True
        self._on_close()

    def __enter__(self) -> StreamingAdapter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- bookkeeping -------------------------------------------------------------------------

    def __feed(self, chunk: AudioArray) -> list[StreamEvent]:
        if self.endpointer is None:
            return self.__process(chunk)
        if self.endpointer.sr != self.hook_sr:
            raise ValueError(
                f"{type(self).__name__}.endpointer.sr={self.endpointer.sr}, but should be "
                f"hook_sr={self.hook_sr}: the endpointer sees the audio the hooks see"
            )
        events: list[StreamEvent] = []
        start = 0
        for cut in self.endpointer.push(chunk):
            events += self.__process(chunk[start:cut])
            events += self.__emit(self._on_endpoint())
            start = cut
        return events + self.__process(chunk[start:])

    def __process(self, chunk: AudioArray) -> list[StreamEvent]:
        if chunk.size == 0:
            return []
        self.__chunk_start_s = self.processed_seconds
        self.__hook_samples += chunk.size
        return self.__emit(self._on_audio(chunk))

    def __emit(self, updates: Iterable[Update] | None) -> list[StreamEvent]:
        if isinstance(updates, (Update, str)):
            raise TypeError(
                f"{type(self).__name__} hook returned {updates!r}, but should return a list "
                "of Update items (or an empty list)"
            )
        events: list[StreamEvent] = []
        for update in updates or ():
            if not isinstance(update, Update) or not isinstance(update.text, str):
                raise TypeError(
                    f"{type(self).__name__} hook returned {update!r}, but should return "
                    "Update(text: str, is_final: bool, start=None, end=None) items"
                )
            text = normalize_text(update.text)
            if update.is_final:
                events += self.__final(text, update)
            elif text != (self.__open_text or ""):
                events.append(self.__partial(text, update))
        return events

    def __partial(self, text: str, update: Update) -> StreamEvent:
        if self.__open_text is None or update.start is not None:
            self.__open_start = self.__clamp(update.start, self.__chunk_start_s)
        self.__open_text = text
        return self.__event(text, is_final=False)

    def __final(self, text: str, update: Update) -> list[StreamEvent]:
        if self.__open_text is None and not text:
            return []  # nothing was said and nothing is open: no segment to close
        if update.start is not None or self.__open_start is None:
            start = self.__clamp(update.start, self.__chunk_start_s)
        else:
            start = self.__open_start
        if self.__segments:
            start = max(start, self.__segments[-1].start)  # keep segments sorted by start
        end = max(start, self.__clamp(update.end, self.processed_seconds))
        event = self.__event(text, is_final=True)
        self.__final_texts.append(text)
        if text:
            self.__segments.append(Segment(start=start, end=end, text=text))
        self.__segment_id += 1
        self.__open_text = None
        self.__open_start = None
        return [event]

    def __event(self, text: str, *, is_final: bool) -> StreamEvent:
        event = StreamEvent(seq=self.__seq, segment_id=self.__segment_id, text=text, is_final=is_final)
        self.__seq += 1
        self.__history.append(event)
        return event

    def __clamp(self, seconds: float | None, default: float) -> float:
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
