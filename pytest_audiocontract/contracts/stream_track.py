"""One stream under test, with everything it returned so far and the invariants on it."""

from __future__ import annotations

from dataclasses import dataclass, field

from pytest_audiocontract.audio.strategies import AudioCase
from pytest_audiocontract.protocols import Stream
from pytest_audiocontract.types import AudioArray, StreamEvent, Transcript


@dataclass(repr=False)
class StreamTrack:
    stream: Stream
    audio: AudioCase
    position: int = 0
    events: list[StreamEvent] = field(default_factory=list)
    transcripts: list[Transcript] = field(default_factory=list)
    finalized: bool = False
    closed: bool = False
    flushed: bool = False  # nothing pushed since the last flush()
    finalized_after_flush: bool = False
    broken: bool = False  # a call raised something other rules report; stop checking it
    log: list[str] = field(default_factory=list)

    @property
    def open(self) -> bool:
        return not (self.finalized or self.closed or self.broken)

    def __repr__(self) -> str:
        # Hypothesis prints the streams it drew: keep it to what identifies one.
        return f"<stream on {self.audio.describe()}, {len(self.events)} events>"

    def next_chunk(self, n: int) -> AudioArray:
        chunk = self.audio.audio[self.position : self.position + n].copy()
        self.position += chunk.size
        return chunk
