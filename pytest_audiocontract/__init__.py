"""pytest-audiocontract: contracts, benchmarks and claim gates for audio model wrappers.

Pack authors import the result types from here; the rest of the package is private.
"""

from __future__ import annotations

from pytest_audiocontract.audio.resample import as_float32_mono, fit_length, resample
from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.protocols import (
    AsrModel,
    AsrStreamModel,
    ClassifyModel,
    EmbedModel,
    EnhanceModel,
    MusicTranscriptionModel,
    SeparateModel,
    Stream,
    TtsModel,
    VadModel,
)
from pytest_audiocontract.types import (
    Classification,
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
)

CONTRACT_VERSION = "1.0"
__version__ = "0.1.0"

__all__ = [
    "CONTRACT_VERSION",
    "AsrModel",
    "AsrStreamModel",
    "Classification",
    "ClassifyModel",
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
    "VadModel",
    "__version__",
    "as_float32_mono",
    "fit_length",
    "resample",
]
