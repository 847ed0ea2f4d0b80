"""The surfaces a pack can declare: the method each needs and the result type it returns."""

from __future__ import annotations

from dataclasses import dataclass

from pytest_audiocontract import protocols, types
from pytest_audiocontract.surface_names import DEVICES, RUNTIMES

__all__ = ["DEVICES", "RUNTIMES", "SURFACES", "SurfaceInfo"]


@dataclass(frozen=True)
class SurfaceInfo:
    name: str
    method: str
    result_type: type
    protocol: type
    summary: str


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
        ),
        SurfaceInfo("tts", "synthesize", types.Speech, protocols.TtsModel, "text to speech"),
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
