"""Voxtral Mini (Mistral AI) run locally through transformers: batch speech recognition.

Variants: `random` (default; a random-weight checkpoint of the real architecture, for the
contracts) and `real` (upstream's weights from a folder). Both load through the same code, the
model card's: `VoxtralProcessor.apply_transcription_request` (mistral-common's Tekken tokenizer
and transcription prompt) and greedy `VoxtralForConditionalGeneration.generate`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from pytest_audiocontract import Segment, Transcript, as_float32_mono, resample
from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.packs.weights import weights_dir
from pytest_audiocontract.types import AudioArray

VOXTRAL_SR = 16000
LANGUAGE = "en"
# The contract's "silence" (peak below 1e-4): it never reaches the model, which may write
# words for it.
SILENCE_PEAK = 1e-4
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
        import torch

        audio = as_float32_mono(audio)
        duration = audio.size / sr
        if audio.size == 0 or float(np.max(np.abs(audio))) < SILENCE_PEAK:
            return Transcript(text="", segments=[], language=LANGUAGE)
        audio16 = np.clip(resample(audio, sr, VOXTRAL_SR), -1.0, 1.0)
        if audio16.size == 0:  # e.g. one sample at 48 kHz: the processor raises on no samples
            audio16 = np.zeros(1, dtype=np.float32)
        # The model card's call; the processor writes the array as WAV for mistral-common.
        inputs = self._processor.apply_transcription_request(
            language=LANGUAGE, audio=audio16, model_id=self._model_id, sampling_rate=VOXTRAL_SR, format="wav"
        )
        inputs = inputs.to(self._device, dtype=self._model.dtype)
        budget = max(MIN_TOKENS, int(TOKENS_PER_SECOND * duration))
        with torch.inference_mode():
            ids = self._model.generate(**inputs, max_new_tokens=budget, do_sample=False, num_beams=1)
        new = ids[:, inputs["input_ids"].shape[1] :]
        text = " ".join(self._processor.batch_decode(new, skip_special_tokens=True)[0].split())
        segments = [Segment(start=0.0, end=duration, text=text)] if text else []
        return Transcript(text=text, segments=segments, language=LANGUAGE)


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
