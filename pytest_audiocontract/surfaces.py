"""The surfaces a pack can declare: the method each needs and the result type it returns.

`SURFACES` is the one registry of these facts: every caller that needs a surface's method,
result type or Protocol reads it here (the option choices read the plain names in
surface_names.py, which a test keeps equal to these keys).
"""

from __future__ import annotations

from dataclasses import dataclass

from pytest_audiocontract import protocols, types
from pytest_audiocontract.surface_names import DEVICES, RUNTIMES

__all__ = ["AUDIO_IN_SURFACES", "DEVICES", "RUNTIMES", "SURFACES", "SurfaceInfo"]


@dataclass(frozen=True)
class SurfaceInfo:
    """A surface: the model method it calls, what that returns, and the Protocol it implements.

    `takes` is what the method is given: "audio" (`method(audio, sr)`), "text" (tts) or
    "stream" (asr_stream: `start_stream(sr)`, then chunks pushed)."""

    name: str
    method: str
    result_type: type
    protocol: type
    summary: str
    takes: str = "audio"

    @property
    def call_label(self) -> str:
        """How a call reads in failure messages: `enhance`, `start_stream+push_audio`."""
        return f"{self.method}+push_audio" if self.takes == "stream" else self.method


SURFACES: dict[str, SurfaceInfo] = {
    info.name: info
    for info in [
        SurfaceInfo("asr", "transcribe", types.Transcript, protocols.AsrModel, "batch speech recognition"),
        SurfaceInfo(
            "asr_stream",
            "start_stream",
            protocols.Stream,
            protocols.AsrStreamModel,
            "streaming speech recognition",
            takes="stream",
        ),
        SurfaceInfo("tts", "synthesize", types.Speech, protocols.TtsModel, "text to speech", takes="text"),
        SurfaceInfo(
            "classify", "classify", types.Classification, protocols.ClassifyModel, "audio classification"
        ),
        SurfaceInfo("embed", "embed", types.Embedding, protocols.EmbedModel, "audio embeddings"),
        SurfaceInfo("enhance", "enhance", types.Enhanced, protocols.EnhanceModel, "speech enhancement"),
        SurfaceInfo("separate", "separate", types.Stems, protocols.SeparateModel, "source separation"),
        SurfaceInfo(
            "music_transcription",
            "transcribe_notes",
            types.Notes,
            protocols.MusicTranscriptionModel,
            "notes from music",
        ),
        SurfaceInfo(
            "vad", "detect_speech", types.SpeechRegions, protocols.VadModel, "voice activity detection"
        ),
        SurfaceInfo("diarize", "diarize", types.Diarization, protocols.DiarizeModel, "who spoke when"),
    ]
}

# The surfaces called as `method(audio, sr)` on one whole input.
AUDIO_IN_SURFACES: tuple[str, ...] = tuple(name for name, info in SURFACES.items() if info.takes == "audio")
