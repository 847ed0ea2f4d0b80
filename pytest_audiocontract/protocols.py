"""One `typing.Protocol` per surface: what a model object must offer for each surface it declares."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from pytest_audiocontract import types as rt  # the result types (rt.Transcript, ...)


@runtime_checkable
class Stream(Protocol):
    """One streaming session: push chunks, then flush, finalize and close."""

    def push_audio(self, chunk: rt.AudioArray) -> list[rt.StreamEvent]: ...
    def flush(self) -> list[rt.StreamEvent]: ...
    def finalize(self) -> rt.Transcript: ...
    def close(self) -> None: ...


@runtime_checkable
class AsrModel(Protocol):
    def transcribe(self, audio: rt.AudioArray, sr: int) -> rt.Transcript: ...


@runtime_checkable
class AsrStreamModel(Protocol):
    def start_stream(self, sr: int) -> Stream: ...


@runtime_checkable
class TtsModel(Protocol):
    def synthesize(self, text: str, voice: str | None = None) -> rt.Speech: ...


@runtime_checkable
class ClassifyModel(Protocol):
    def classify(self, audio: rt.AudioArray, sr: int, top_k: int = 5) -> rt.Classification: ...


@runtime_checkable
class ZeroShotClassifyModel(Protocol):
    """A classifier that also ranks the labels of the call, as zero-shot models (CLAP) do; a
    pack says so with `per_call_labels: true` under surfaces.classify. `labels=None` ranks the
    declared labels. Every ZeroShotClassifyModel is a ClassifyModel."""

    def classify(
        self, audio: rt.AudioArray, sr: int, top_k: int = 5, *, labels: Sequence[str] | None = None
    ) -> rt.Classification: ...


@runtime_checkable
class EmbedModel(Protocol):
    def embed(self, audio: rt.AudioArray, sr: int) -> rt.Embedding: ...


@runtime_checkable
class EnhanceModel(Protocol):
    def enhance(self, audio: rt.AudioArray, sr: int) -> rt.Enhanced: ...


@runtime_checkable
class SeparateModel(Protocol):
    def separate(self, audio: rt.AudioArray, sr: int) -> rt.Stems: ...


@runtime_checkable
class MusicTranscriptionModel(Protocol):
    def transcribe_notes(self, audio: rt.AudioArray, sr: int) -> rt.Notes: ...


@runtime_checkable
class VadModel(Protocol):
    def detect_speech(self, audio: rt.AudioArray, sr: int) -> rt.SpeechRegions: ...


@runtime_checkable
class DiarizeModel(Protocol):
    def diarize(self, audio: rt.AudioArray, sr: int) -> rt.Diarization: ...
