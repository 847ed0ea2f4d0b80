"""Parakeet (NVIDIA NeMo FastConformer-TDT): batch speech recognition.

Variants: `random` (default; a random-weight checkpoint of the real architecture, for the
contracts) and `real` (upstream's `.nemo` file from a folder). Both load through the same
code: `ASRModel.restore_from(<file>.nemo)` and `transcribe` with segment timestamps.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytest_audiocontract import Segment, Transcript
from pytest_audiocontract.adapter_kit import find_nemo, model_input, quiet_nemo, whole_input_transcript
from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.packs.weights import weights_dir
from pytest_audiocontract.types import AudioArray

MODEL_SR = 16000
# Shorter input is padded with zeros after it: 8x subsampling of 10 ms frames needs a few
# frames to leave one encoder step (160 ms here).
MIN_SAMPLES = 2560


class ParakeetAsr:
    """The `asr` surface: NeMo's `transcribe` on one array, segments from its timestamps."""

    def __init__(self, model: Any) -> None:
        self._model = model

    def transcribe(self, audio: AudioArray, sr: int) -> Transcript:
        """Transcribe `audio` (float32, `sr` Hz); segment times in seconds."""
        import torch

        prepared = model_input(audio, sr, MODEL_SR, min_samples=MIN_SAMPLES)
        if prepared is None:
            return whole_input_transcript("", 0.0, "en")
        with torch.inference_mode():
            (hyp,) = self._model.transcribe([prepared.audio], batch_size=1, timestamps=True, verbose=False)
        text = " ".join(str(getattr(hyp, "text", hyp)).split())
        return Transcript(text=text, segments=self._segments(hyp, text, prepared.duration), language="en")

    @staticmethod
    def _segments(hyp: Any, text: str, duration: float) -> list[Segment]:
        """NeMo's segment timestamps (seconds), clamped to the input: padding and the 80 ms
        encoder step may put the last end past it. One whole-input segment without them."""
        stamps = (getattr(hyp, "timestamp", None) or {}).get("segment") or []
        segments = []
        for item in stamps:
            words = " ".join(str(item.get("segment", "")).split())
            start = min(max(float(item["start"]), 0.0), duration)
            end = min(max(float(item["end"]), start), duration)
            if words:
                segments.append(Segment(start=start, end=end, text=words))
        if not segments and text:
            segments = [Segment(start=0.0, end=duration, text=text)]
        return sorted(segments, key=lambda s: s.start)


def load(variant: str = "random", device: str = "cpu", *, model_dir: str | None = None) -> ParakeetAsr:
    """Load Parakeet `variant` on `device`; `model_dir` overrides the variant's folder."""
    try:
        import torch
        from nemo.collections.asr.models import ASRModel
    except ModuleNotFoundError as exc:
        raise MissingRequirement(
            f"this pack needs {exc.name}: pip install -r model_packs/parakeet/requirements.txt"
        ) from exc
    quiet_nemo()
    path = find_nemo(Path(model_dir) if model_dir else weights_dir(__file__, variant))
    model = ASRModel.restore_from(str(path), map_location=torch.device(device))
    model.eval()
    return ParakeetAsr(model)
