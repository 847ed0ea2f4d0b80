"""One stream under test, with everything it returned so far and the invariants on it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pytest_audiocontract.audio.strategies import AudioCase
from pytest_audiocontract.types import StreamEvent, Transcript


def normalise_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class StreamTrack:
    stream: Any
    audio: AudioCase
    position: int = 0
    events: list[StreamEvent] = field(default_factory=list)
    transcripts: list[Transcript] = field(default_factory=list)
    finalized: bool = False
    closed: bool = False
    broken: bool = False  # a call raised something other rules report; stop checking it
    log: list[str] = field(default_factory=list)

    @property
    def open(self) -> bool:
        return not (self.finalized or self.closed or self.broken)

    def next_chunk(self, n: int) -> Any:
        chunk = self.audio.audio[self.position:self.position + n].copy()
        self.position += chunk.size
        return chunk


def seq_problem(events: list[StreamEvent]) -> tuple[str, Any, str] | None:
    for i in range(1, len(events)):
        if not events[i].seq > events[i - 1].seq:
            return (f"events[{i}].seq", events[i].seq,
                    f"> {events[i - 1].seq}, the previous event's seq (strictly increasing)")
    return None


def segment_problem(events: list[StreamEvent]) -> tuple[str, Any, str] | None:
    finished: set[int | str] = set()
    for i, event in enumerate(events):
        if event.segment_id in finished:
            return (f"events[{i}].segment_id", event.segment_id,
                    "a new id: that segment's final event was already out")
        if event.is_final:
            finished.add(event.segment_id)
    return None


def finals_problem(events: list[StreamEvent], transcript: Transcript) -> tuple[str, Any, str] | None:
    joined = normalise_spaces(" ".join(e.text for e in events if e.is_final))
    final_text = normalise_spaces(transcript.text)
    if joined != final_text:
        return ("final texts joined", joined, f"{final_text!r}, the text finalize() returned")
    return None
