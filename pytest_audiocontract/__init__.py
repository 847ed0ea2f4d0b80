"""pytest-audiocontract: contracts, benchmarks and claim gates for audio model wrappers.

Pack authors import the result types from here; the rest of the package is private.

The names are loaded on first use (PEP 562): pytest imports this package to load the plugin,
and `pytest --help` should not pay for numpy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pytest_audiocontract.audio.resample import as_float32_mono, fit_length, resample
    from pytest_audiocontract.errors import MissingRequirement
    from pytest_audiocontract.protocols import (
        AsrModel,
        AsrStreamModel,
        ClassifyModel,
        DiarizeModel,
        EmbedModel,
        EnhanceModel,
        MusicTranscriptionModel,
        SeparateModel,
        Stream,
        TtsModel,
        VadModel,
        ZeroShotClassifyModel,
    )
    from pytest_audiocontract.types import (
        Classification,
        Diarization,
        Embedding,
        Enhanced,
        Label,
        Note,
        Notes,
        Segment,
        Speech,
        SpeechRegions,
        Stems,
        StreamEvent,
        Transcript,
        Turn,
    )

CONTRACT_VERSION = "1.0"
__version__ = "0.1.0"

_HOME = {
    "as_float32_mono": "audio.resample",
    "fit_length": "audio.resample",
    "resample": "audio.resample",
    "MissingRequirement": "errors",
    **dict.fromkeys(
        (
            "AsrModel",
            "AsrStreamModel",
            "ClassifyModel",
            "DiarizeModel",
            "EmbedModel",
            "EnhanceModel",
            "MusicTranscriptionModel",
            "SeparateModel",
            "Stream",
            "TtsModel",
            "VadModel",
            "ZeroShotClassifyModel",
        ),
        "protocols",
    ),
    **dict.fromkeys(
        (
            "Classification",
            "Diarization",
            "Embedding",
            "Enhanced",
            "Label",
            "Note",
            "Notes",
            "Segment",
            "Speech",
            "SpeechRegions",
            "Stems",
            "StreamEvent",
            "Transcript",
            "Turn",
        ),
        "types",
    ),
}


def __getattr__(name: str) -> object:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'pytest_audiocontract' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"pytest_audiocontract.{home}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOME))


__all__ = [
    "CONTRACT_VERSION",
    "AsrModel",
    "AsrStreamModel",
    "Classification",
    "ClassifyModel",
    "Diarization",
    "DiarizeModel",
    "EmbedModel",
    "Embedding",
    "EnhanceModel",
    "Enhanced",
    "Label",
    "MissingRequirement",
    "MusicTranscriptionModel",
    "Note",
    "Notes",
    "Segment",
    "SeparateModel",
    "Speech",
    "SpeechRegions",
    "Stems",
    "Stream",
    "StreamEvent",
    "Transcript",
    "TtsModel",
    "Turn",
    "VadModel",
    "ZeroShotClassifyModel",
    "__version__",
    "as_float32_mono",
    "fit_length",
    "resample",
]
