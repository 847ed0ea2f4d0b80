"""Voxtral Mini (Mistral AI) run locally through transformers: batch speech recognition.

Variants: `random` (default; a random-weight checkpoint of the real architecture, for the
contracts) and `real` (upstream's weights from a folder). Both load through the same code, the
model card's: `VoxtralProcessor.apply_transcription_request` (mistral-common's Tekken tokenizer
and transcription prompt) and greedy `VoxtralForConditionalGeneration.generate`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytest_audiocontract import Transcript
from pytest_audiocontract.adapter_kit import generated_text, model_input, token_budget, whole_input_transcript
from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.packs.weights import weights_dir
from pytest_audiocontract.types import AudioArray

VOXTRAL_SR = 16000
LANGUAGE = "en"
# Token budget: 8 Tekken tokens per second of audio (speech runs at about 3 to 4), at least 8;
# it bounds how long a decoder that never stops (random weights) runs.
TOKENS_PER_SECOND = 8.0
MIN_TOKENS = 8


class VoxtralAsr:
    """The `asr` surface: one segment spanning the input, greedy decoding (deterministic)."""

    def __init__(self, model: Any, processor: Any, model_id: str, device: str) -> None:
        self._model = model
        self._processor = processor
        self._model_id = model_id
        self._device = device

    def transcribe(self, audio: AudioArray, sr: int) -> Transcript:
        """Transcribe `audio` (float32, `sr` Hz); the segment spans 0 to its duration (s)."""
        # At least one sample: e.g. one sample at 48 kHz resamples to none, and the
        # processor raises on no samples.
        prepared = model_input(audio, sr, VOXTRAL_SR, min_samples=1)
        if prepared is None:
            return whole_input_transcript("", 0.0, LANGUAGE)
        # The model card's call; the processor writes the array as WAV for mistral-common.
        inputs = self._processor.apply_transcription_request(
            language=LANGUAGE,
            audio=prepared.audio,
            model_id=self._model_id,
            sampling_rate=VOXTRAL_SR,
            format="wav",
        )
        inputs = inputs.to(self._device, dtype=self._model.dtype)
        budget = token_budget(prepared.duration, TOKENS_PER_SECOND, MIN_TOKENS)
        text = generated_text(self._model, self._processor, inputs, budget)
        return whole_input_transcript(text, prepared.duration, LANGUAGE)


def load(variant: str = "random", device: str = "cpu", *, model_dir: str | None = None) -> VoxtralAsr:
    """Load Voxtral `variant` on `device`; `model_dir` overrides the variant's folder."""
    try:
        import mistral_common  # noqa: F401  (the processor's tokenizer backend)
        import torch
        from transformers import AutoProcessor, VoxtralForConditionalGeneration
    except ImportError as exc:  # also a transformers without Voxtral
        raise MissingRequirement(
            f"this pack needs transformers with Voxtral and mistral-common ({exc}): "
            "pip install -r model_packs/voxtral_local/requirements.txt"
        ) from exc
    path = Path(model_dir) if model_dir else weights_dir(__file__, variant)
    # float32 on CPU (bfloat16 matmuls are slow on most CPUs); the checkpoint's dtype elsewhere.
    dtype = torch.float32 if device == "cpu" else "auto"
    model = VoxtralForConditionalGeneration.from_pretrained(str(path), dtype=dtype)
    processor = AutoProcessor.from_pretrained(str(path))
    return VoxtralAsr(model.to(device).eval(), processor, path.name, device)
