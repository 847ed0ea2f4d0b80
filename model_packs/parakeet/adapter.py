"""Parakeet (NVIDIA NeMo FastConformer-TDT): batch speech recognition.

Variants: `random` (default; a random-weight checkpoint of the real architecture, for the
contracts) and `real` (upstream's `.nemo` file from a folder). Both load through the same
code: `ASRModel.restore_from(<file>.nemo)` and `transcribe` with segment timestamps.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np

from pytest_audiocontract import Segment, Transcript, as_float32_mono, resample
from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.packs.weights import weights_dir
from pytest_audiocontract.types import AudioArray

MODEL_SR = 16000
# The contract's "silence" (peak below 1e-4): it never reaches the model, which may write
# words for it.
SILENCE_PEAK = 1e-4
# Shorter input is padded with zeros after it: 8x subsampling of 10 ms frames needs a few
# frames to leave one encoder step (160 ms here).
MIN_SAMPLES = 2560


def find_nemo(folder: Path) -> Path:
    """The one `.nemo` file in `folder`; MissingRequirement when there is none or several."""
    files = sorted(folder.glob("*.nemo"))
    if len(files) != 1:
        found = ", ".join(f.name for f in files) or "none"
        raise MissingRequirement(
            f"{folder} should hold exactly one .nemo file, found {found}: keep only the model to test there"
        )
    return files[0]


def quiet_nemo() -> None:
    """NeMo logs every restore and transcribe at INFO; keep warnings and errors only."""
    from nemo.utils import logging as nemo_logging

    nemo_logging.setLevel(logging.WARNING)


class ParakeetAsr:
    """The `asr` surface: NeMo's `transcribe` on one array, segments from its timestamps."""

    def __init__(self, model: Any) -> None:
        self._model = model

    def transcribe(self, audio: AudioArray, sr: int) -> Transcript:
        """Transcribe `audio` (float32, `sr` Hz); segment times in seconds."""
        import torch

        audio = as_float32_mono(audio)
        duration = audio.size / sr
        if audio.size == 0 or float(np.max(np.abs(audio))) < SILENCE_PEAK:
            return Transcript(text="", segments=[], language="en")
        audio16 = np.clip(resample(audio, sr, MODEL_SR), -1.0, 1.0).astype(np.float32)
        if audio16.size < MIN_SAMPLES:
            audio16 = np.pad(audio16, (0, MIN_SAMPLES - audio16.size))
        with torch.inference_mode():
            (hyp,) = self._model.transcribe([audio16], batch_size=1, timestamps=True, verbose=False)
        text = " ".join(str(getattr(hyp, "text", hyp)).split())
        return Transcript(text=text, segments=self._segments(hyp, text, duration), language="en")

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
