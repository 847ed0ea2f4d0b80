"""GLM-ASR-Nano (Zhipu AI) through transformers: batch speech recognition.

Variants: `random` (default; a random-weight checkpoint of the real architecture, for the
contracts) and `real` (upstream's weights from a folder). Both load through the same code, the
model card's: `GlmAsrProcessor.apply_transcription_request` (chat template with the audio
placeholder) and greedy `GlmAsrForConditionalGeneration.generate`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytest_audiocontract import Transcript
from pytest_audiocontract.adapter_kit import generated_text, model_input, token_budget, whole_input_transcript
from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.packs.weights import weights_dir
from pytest_audiocontract.types import AudioArray

GLM_SR = 16000
# Token budget: 8 tokens per second of audio (speech runs at about 3 to 4), at least 8; it
# bounds how long a decoder that never stops (random weights) runs.
TOKENS_PER_SECOND = 8.0
MIN_TOKENS = 8


class GlmAsr:
    """The `asr` surface: one segment spanning the input, greedy decoding (deterministic)."""

    def __init__(self, model: Any, processor: Any, device: str) -> None:
        self._model = model
        self._processor = processor
        self._device = device

    def transcribe(self, audio: AudioArray, sr: int) -> Transcript:
        """Transcribe `audio` (float32, `sr` Hz); the segment spans 0 to its duration (s)."""
        prepared = model_input(audio, sr, GLM_SR)
        if prepared is None:
            return whole_input_transcript("", 0.0, None)
        inputs = self._processor.apply_transcription_request(prepared.audio)  # the model card's call
        inputs = inputs.to(self._device, dtype=self._model.dtype)
        budget = token_budget(prepared.duration, TOKENS_PER_SECOND, MIN_TOKENS)
        text = generated_text(self._model, self._processor, inputs, budget)
        return whole_input_transcript(text, prepared.duration, None)


def load(variant: str = "random", device: str = "cpu", *, model_dir: str | None = None) -> GlmAsr:
    """Load GLM-ASR-Nano `variant` on `device`; `model_dir` overrides the variant's folder."""
    try:
        import torch
        from transformers import AutoProcessor, GlmAsrForConditionalGeneration
    except ImportError as exc:  # also a transformers without GLM-ASR
        raise MissingRequirement(
            f"this pack needs transformers with GLM-ASR ({exc}): "
            "pip install -r model_packs/glm_asr_nano/requirements.txt"
        ) from exc
    path = Path(model_dir) if model_dir else weights_dir(__file__, variant)
    # float32 on CPU (bfloat16 matmuls are slow on most CPUs); the checkpoint's dtype elsewhere.
    dtype = torch.float32 if device == "cpu" else "auto"
    model = GlmAsrForConditionalGeneration.from_pretrained(str(path), dtype=dtype)
    processor = AutoProcessor.from_pretrained(str(path))
    return GlmAsr(model.to(device).eval(), processor, device)
