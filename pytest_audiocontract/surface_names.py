"""The names of surfaces, runtimes and devices, as plain strings.

The option definitions need only these, and must not import numpy or the result types
(`pytest --help` stays fast): `surfaces.SURFACES` holds the full descriptions.
"""

from __future__ import annotations

SURFACE_NAMES = (
    "asr",
    "asr_stream",
    "tts",
    "classify",
    "embed",
    "enhance",
    "separate",
    "music_transcription",
    "vad",
    "diarize",
)
RUNTIMES = (
    "pytorch",
    "onnx",
    "ctranslate2",
    "tensorflow",
    "litert",
    "native",
    "nemo",
    "api",
    "numpy",
    "xgboost",
)
DEVICES = ("cpu", "cuda", "mps")
