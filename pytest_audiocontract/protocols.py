"""One `typing.Protocol` per surface: what a model object must offer for each surface it declares."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from pytest_audiocontract.types import (
    AudioArray,
    Classification,
    Diarization,
    Embedding,
    Enhanced,
    Notes,
    Speech,
    SpeechRegions,
    Stems,
    StreamEvent,
    Transcript,
)


@runtime_checkable
class Stream(Protocol):
    """One streaming session: push chunks, then flush, finalize and close."""

    def push_audio(self, chunk: AudioArray) -> list[StreamEvent]: ...
    def flush(self) -> list[StreamEvent]: ...
    def finalize(self) -> Transcript: ...
    def close(self) -> None: ...


@runtime_checkable
class AsrModel(Protocol):
    def transcribe(self, audio: AudioArray, sr: int) -> Transcript: ...


@runtime_checkable
class AsrStreamModel(Protocol):
    def start_stream(self, sr: int) -> Stream: ...


@runtime_checkable
class TtsModel(Protocol):
    def synthesize(self, text: str, voice: str | None = None) -> Speech: ...


@runtime_checkable
class ClassifyModel(Protocol):
    def classify(self, audio: AudioArray, sr: int, top_k: int = 5) -> Classification: ...


@runtime_checkable
class ZeroShotClassifyModel(Protocol):
    """A classifier that also ranks the labels of the call, as zero-shot models (CLAP) do; a
    pack says so with `per_call_labels: true` under surfaces.classify. `labels=None` ranks the
    declared labels. Every ZeroShotClassifyModel is a ClassifyModel."""

    def classify(
        self, audio: AudioArray, sr: int, top_k: int = 5, *, labels: Sequence[str] | None = None
    ) -> Classification: ...


@runtime_checkable
class EmbedModel(Protocol):
    def embed(self, audio: AudioArray, sr: int) -> Embedding: ...


@runtime_checkable
class EnhanceModel(Protocol):
    def enhance(self, audio: AudioArray, sr: int) -> Enhanced: ...


@runtime_checkable
class SeparateModel(Protocol):
    def separate(self, audio: AudioArray, sr: int) -> Stems: ...


@runtime_checkable
class MusicTranscriptionModel(Protocol):
    def transcribe_notes(self, audio: AudioArray, sr: int) -> Notes: ...


@runtime_checkable
class VadModel(Protocol):
    def detect_speech(self, audio: AudioArray, sr: int) -> SpeechRegions: ...


@runtime_checkable
class DiarizeModel(Protocol):
    def diarize(self, audio: AudioArray, sr: int) -> Diarization: ...
