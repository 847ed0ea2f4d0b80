"""The inputs contract rules draw, one kind per surface family, and how each is passed to a model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pytest_audiocontract.audio.strategies import AudioCase


@dataclass(frozen=True)
class ClassifyCase:
    audio: AudioCase
    top_k: int

    def describe(self) -> str:
        return f"{self.audio.describe()}, top_k={self.top_k}"


@dataclass(frozen=True)
class TextCase:
    text: str

    def describe(self) -> str:
        return repr(self.text) if len(self.text) < 80 else repr(self.text[:77] + "...")


@dataclass(frozen=True)
class StreamCase:
    """Push `audio` in chunks of `chunk` samples, then flush, finalize and close."""

    audio: AudioCase
    chunk: int

    def describe(self) -> str:
        return f"{self.audio.describe()}, pushed in chunks of {self.chunk} samples"


def audio_of(case: Any) -> AudioCase | None:
    if isinstance(case, AudioCase):
        return case
    if isinstance(case, (ClassifyCase, StreamCase)):
        return case.audio
    return None
