"""Moonshine (Useful Sensors) through transformers: batch speech recognition.

Variants: `random` (default; a random-weight checkpoint of the real architecture, for the
contracts) and `real` (upstream's weights from a folder). Both load through the same code:
`MoonshineForConditionalGeneration.from_pretrained` and greedy `generate`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytest_audiocontract import Transcript
from pytest_audiocontract.adapter_kit import model_input, token_budget, whole_input_transcript
from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.packs.weights import weights_dir
from pytest_audiocontract.types import AudioArray

MOONSHINE_SR = 16000
# Upstream's token budget: at most 6.5 tokens per second of audio (its model card), which
# also bounds how long a random-weight decoder babbles.
TOKENS_PER_SECOND = 6.5
MIN_TOKENS = 4
# The convolutional front end (kernels 127, 7, 3; strides 64, 3, 2) needs at least 895
# samples; shorter input is padded with zeros after it (64 ms).
MIN_SAMPLES = 1024


class MoonshineAsr:
    """The `asr` surface: one segment spanning the input, greedy decoding (deterministic)."""

    def __init__(self, model: Any, extractor: Any, tokenizer: Any, device: str) -> None:
        self._model = model
        self._extractor = extractor
        self._tokenizer = tokenizer
        self._device = device

    def transcribe(self, audio: AudioArray, sr: int) -> Transcript:
        """Transcribe `audio` (float32, `sr` Hz); the segment spans 0 to its duration (s)."""
        import torch

        prepared = model_input(audio, sr, MOONSHINE_SR, min_samples=MIN_SAMPLES)
        if prepared is None:
            return whole_input_transcript("", 0.0, "en")
        inputs = self._extractor(prepared.audio, sampling_rate=MOONSHINE_SR, return_tensors="pt")
        budget = token_budget(prepared.duration, TOKENS_PER_SECOND, MIN_TOKENS)
        with torch.inference_mode():
            ids = self._model.generate(
                **inputs.to(self._device), max_new_tokens=budget, do_sample=False, num_beams=1
            )
        text = self._tokenizer.decode(ids[0], skip_special_tokens=True)
        return whole_input_transcript(text, prepared.duration, "en")


def load(variant: str = "random", device: str = "cpu", *, model_dir: str | None = None) -> MoonshineAsr:
    """Load Moonshine `variant` on `device`; `model_dir` overrides the variant's folder."""
    try:
        import torch
        from transformers import (
            AutoFeatureExtractor,
            AutoTokenizer,
            MoonshineForConditionalGeneration,
        )
    except ModuleNotFoundError as exc:
        raise MissingRequirement(
            f"this pack needs {exc.name}: pip install -r model_packs/moonshine/requirements.txt"
        ) from exc
    path = Path(model_dir) if model_dir else weights_dir(__file__, variant)
    torch.manual_seed(0)  # nothing samples, but keep any init noise fixed
    model = MoonshineForConditionalGeneration.from_pretrained(str(path)).to(device).eval()
    extractor = AutoFeatureExtractor.from_pretrained(str(path))
    tokenizer = AutoTokenizer.from_pretrained(str(path))
    return MoonshineAsr(model, extractor, tokenizer, device)
