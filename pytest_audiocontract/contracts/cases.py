"""The inputs contract rules draw, one kind per surface family, and how each is passed to a model."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

from pytest_audiocontract.audio.fixture_audio import FixtureSpec
from pytest_audiocontract.audio.strategies import AudioCase
from pytest_audiocontract.audio.synth import SignalSpec
from pytest_audiocontract.json_types import JSONObject


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


Case: TypeAlias = AudioCase | ClassifyCase | StreamCase | TextCase


def audio_of(case: object) -> AudioCase | None:
    if isinstance(case, AudioCase):
        return case
    if isinstance(case, (ClassifyCase, StreamCase)):
        return case.audio
    return None


def encode_case(case: object) -> JSONObject:
    """A case as JSON-ready data from which `decode_case` makes it again (the signal's
    description, not its samples: synthesis is deterministic)."""
    if isinstance(case, AudioCase):
        return {"kind": "audio", **_spec(case)}
    if isinstance(case, ClassifyCase):
        labels: JSONObject = {} if case.labels is None else {"labels": [*case.labels]}
        return {"kind": "classify", **_spec(case.audio), "top_k": case.top_k, **labels}
    if isinstance(case, StreamCase):
        return {"kind": "stream", **_spec(case.audio), "chunk": case.chunk}
    if isinstance(case, TextCase):
        return {"kind": "text", "text": case.text}
    return {"kind": "other", "repr": repr(case)}


def _spec(audio: AudioCase) -> JSONObject:
    """`signal` (a synthesised input) or `fixture` (a fixture file, scaled or padded)."""
    key = "fixture" if isinstance(audio.spec, FixtureSpec) else "signal"
    fields: JSONObject = dataclasses.asdict(audio.spec)
    return {key: fields}


def audio_spec(data: Mapping[str, object]) -> SignalSpec | FixtureSpec:
    """The spec of an encoded case's audio."""
    key = "fixture" if "fixture" in data else "signal"
    fields = data[key]
    if not isinstance(fields, dict):
        raise ValueError(f"case {key!r} is {type(fields).__name__}, expected the spec's fields as an object")
    # JSON read back from a bundle: the spec's constructor is what checks each field's type.
    spec_fields: dict[str, Any] = fields
    return FixtureSpec(**spec_fields) if key == "fixture" else SignalSpec(**spec_fields)


def _int(data: Mapping[str, object], key: str) -> int:
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"case {key!r} is {value!r}, expected an integer")
    return value


def _labels(value: object) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"case 'labels' is {value!r}, expected a list of strings")
    return tuple(str(v) for v in value)


def decode_case(data: Mapping[str, object], audio: AudioCase | None = None) -> Case:
    """The case `encode_case` described; `audio` (the saved samples) replaces the synthesis.

    Raises ValueError for a kind that cannot be made again."""
    kind = data["kind"]
    if kind == "text":
        return TextCase(str(data["text"]))
    if kind not in ("audio", "classify", "stream"):
        raise ValueError(f"case kind {kind!r} cannot be made again (only audio, classify, stream, text)")
    audio_case = audio or AudioCase.of(audio_spec(data))
    if kind == "classify":
        return ClassifyCase(audio_case, _int(data, "top_k"), _labels(data.get("labels")))
    if kind == "stream":
        return StreamCase(audio_case, _int(data, "chunk"))
    return audio_case
