"""GLM-ASR-Nano (Zhipu AI) through transformers: batch speech recognition.

Variants: `random` (default; a random-weight checkpoint of the real architecture, for the
contracts) and `real` (upstream's weights from a folder). Both load through the same code, the
model card's: `GlmAsrProcessor.apply_transcription_request` (chat template with the audio
placeholder) and greedy `GlmAsrForConditionalGeneration.generate`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from pytest_audiocontract import Segment, Transcript, as_float32_mono, resample
from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.packs.weights import weights_dir
from pytest_audiocontract.types import AudioArray

GLM_SR = 16000
# The contract's "silence" (peak below 1e-4): it never reaches the model, which may write
# words for it.
SILENCE_PEAK = 1e-4
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
        import torch

        audio = as_float32_mono(audio)
        duration = audio.size / sr
        if audio.size == 0 or float(np.max(np.abs(audio))) < SILENCE_PEAK:
            return Transcript(text="", segments=[], language=None)
        audio16 = np.clip(resample(audio, sr, GLM_SR), -1.0, 1.0)
        inputs = self._processor.apply_transcription_request(audio16)  # the model card's call
        inputs = inputs.to(self._device, dtype=self._model.dtype)
        budget = max(MIN_TOKENS, int(TOKENS_PER_SECOND * duration))
        with torch.inference_mode():
            ids = self._model.generate(**inputs, max_new_tokens=budget, do_sample=False, num_beams=1)
        new = ids[:, inputs["input_ids"].shape[1] :]
        text = " ".join(self._processor.batch_decode(new, skip_special_tokens=True)[0].split())
        segments = [Segment(start=0.0, end=duration, text=text)] if text else []
        return Transcript(text=text, segments=segments, language=None)


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
