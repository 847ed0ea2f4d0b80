"""A model that does nothing, for measuring the harness floor.

Every surface answers with the cheapest valid result: no text, no events, no regions, the
input back. What a benchmark measures on it is the cost of the harness itself (the driver,
the timers, slicing the audio), which a reader subtracts in their head from any real figure.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from pytest_audiocontract.types import (
    Classification,
    Embedding,
    Enhanced,
    Notes,
    SpeechRegions,
    Stems,
    StreamEvent,
    Transcript,
)

EMPTY = Transcript(text="", segments=[], language=None)


class NullStream:
    """A stream that accepts audio and never says anything."""

    def __init__(self) -> None:
        self._open = True

    def push_audio(self, chunk: npt.NDArray[np.float32]) -> list[StreamEvent]:
        if not self._open:
            raise RuntimeError("push_audio after finalize() or close(), but the stream is done")
        return []

    def flush(self) -> list[StreamEvent]:
        return []

    def finalize(self) -> Transcript:
        self._open = False
        return EMPTY

    def close(self) -> None:
        self._open = False


class NullModel:
    """Implements asr, asr_stream, enhance, separate (one stem, "input"), embed (dim 1),
    classify (label "none", never returned), vad and music_transcription, doing nothing."""

    def transcribe(self, audio: npt.NDArray[np.float32], sr: int) -> Transcript:
        return EMPTY

    def start_stream(self, sr: int) -> NullStream:
        return NullStream()

    def enhance(self, audio: npt.NDArray[np.float32], sr: int) -> Enhanced:
        return Enhanced(audio=np.asarray(audio, dtype=np.float32), sr=sr)

    def separate(self, audio: npt.NDArray[np.float32], sr: int) -> Stems:
        return Stems(stems={"input": np.asarray(audio, dtype=np.float32)}, sr=sr)

    def embed(self, audio: npt.NDArray[np.float32], sr: int) -> Embedding:
        return Embedding(vector=np.zeros(1, dtype=np.float32))

    def classify(self, audio: npt.NDArray[np.float32], sr: int, top_k: int = 5) -> Classification:
        return Classification(labels=[])

    def detect_speech(self, audio: npt.NDArray[np.float32], sr: int) -> SpeechRegions:
        return SpeechRegions(regions=[])

    def transcribe_notes(self, audio: npt.NDArray[np.float32], sr: int) -> Notes:
        return Notes(notes=[])
