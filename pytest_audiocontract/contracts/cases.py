"""The inputs contract rules draw, one kind per surface family, and how each is passed to a model."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from pytest_audiocontract.audio.fixture_audio import FixtureSpec
from pytest_audiocontract.audio.strategies import AudioCase
from pytest_audiocontract.audio.synth import SignalSpec


@dataclass(frozen=True)
class ClassifyCase:
    """`labels`: the candidate labels of the call (`classify(..., labels=[...])`, zero-shot
    classifiers only); None calls without them, so the declared labels are scored."""

    audio: AudioCase
    top_k: int
    labels: tuple[str, ...] | None = None

    def describe(self) -> str:
        labels = "" if self.labels is None else f", labels={list(self.labels)!r}"
        return f"{self.audio.describe()}, top_k={self.top_k}{labels}"


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


def encode_case(case: Any) -> dict[str, Any]:
    """A case as JSON-ready data from which `decode_case` makes it again (the signal's
    description, not its samples: synthesis is deterministic)."""
    if isinstance(case, AudioCase):
        return {"kind": "audio", **_spec(case)}
    if isinstance(case, ClassifyCase):
        labels = {} if case.labels is None else {"labels": list(case.labels)}
        return {"kind": "classify", **_spec(case.audio), "top_k": case.top_k, **labels}
    if isinstance(case, StreamCase):
        return {"kind": "stream", **_spec(case.audio), "chunk": case.chunk}
    if isinstance(case, TextCase):
        return {"kind": "text", "text": case.text}
    return {"kind": "other", "repr": repr(case)}


def _spec(audio: AudioCase) -> dict[str, Any]:
    """`signal` (a synthesised input) or `fixture` (a fixture file, scaled or padded)."""
    key = "fixture" if isinstance(audio.spec, FixtureSpec) else "signal"
    return {key: dataclasses.asdict(audio.spec)}


def audio_spec(data: dict[str, Any]) -> SignalSpec | FixtureSpec:
    """The spec of an encoded case's audio."""
    return FixtureSpec(**data["fixture"]) if "fixture" in data else SignalSpec(**data["signal"])


def decode_case(data: dict[str, Any], audio: AudioCase | None = None) -> Any:
    """The case `encode_case` described; `audio` (the saved samples) replaces the synthesis.

    Raises ValueError for a kind that cannot be made again."""
    kind = data["kind"]
    if kind == "text":
        return TextCase(data["text"])
    if kind not in ("audio", "classify", "stream"):
        raise ValueError(f"case kind {kind!r} cannot be made again (only audio, classify, stream, text)")
    audio_case = audio or AudioCase.of(audio_spec(data))
    if kind == "classify":
        labels = data.get("labels")
        return ClassifyCase(audio_case, data["top_k"], None if labels is None else tuple(labels))
    if kind == "stream":
        return StreamCase(audio_case, data["chunk"])
    return audio_case
