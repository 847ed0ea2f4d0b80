"""NVIDIA's Sortformer diarizer through NeMo: `SortformerEncLabelModel.restore_from` on the
published `.nemo` file, then its own `diarize`.

Variants: `random` (default; a random-weight checkpoint of diar_sortformer_4spk-v1's
architecture that `python -m builders sortformer` writes: it proves the code path real
weights take, not diarization) and `real` (upstream's `.nemo`, from AUDIOCONTRACT_SORTFORMER_DIR).
NeMo gives "start end speaker_k" strings per file (seconds); they become `Turn`s, sorted,
clamped to the input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytest_audiocontract import Diarization, Turn
from pytest_audiocontract.adapter_kit import find_nemo, model_input, quiet_nemo
from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.packs.weights import weights_dir
from pytest_audiocontract.types import AudioArray

MODEL_SR = 16000
MIN_SAMPLES = 2560  # 8x subsampling of 10 ms frames needs a few frames to leave one step


def parse_turns(lines: list[str], duration: float) -> list[Turn]:
    """NeMo's "start end speaker_k" strings (seconds) as sorted turns within [0, duration]."""
    turns = []
    for line in lines:
        start_text, end_text, speaker = line.split()
        start = min(max(float(start_text), 0.0), duration)
        end = min(max(float(end_text), 0.0), duration)
        if end > start:
            turns.append(Turn(start, end, speaker))
    return sorted(turns, key=lambda t: (t.start, t.end, t.speaker))


class SortformerDiarizer:
    """The `diarize` surface: NeMo's `diarize` on one array."""

    def __init__(self, model: Any) -> None:
        self._model = model

    def diarize(self, audio: AudioArray, sr: int) -> Diarization:
        """Who spoke when in `audio` (float32, `sr` Hz); turns in seconds."""
        import torch

        prepared = model_input(audio, sr, MODEL_SR, min_samples=MIN_SAMPLES)
        if prepared is None:  # silence never reaches the model
            return Diarization([])
        with torch.inference_mode():
            (lines,) = self._model.diarize(
                audio=[prepared.audio], sample_rate=MODEL_SR, batch_size=1, verbose=False
            )
        return Diarization(parse_turns(list(lines), prepared.duration))


def load(variant: str = "random", device: str = "cpu", *, model_dir: str | None = None) -> SortformerDiarizer:
    """Load Sortformer `variant` on `device`; `model_dir` overrides the variant's folder."""
    try:
        import torch
        from nemo.collections.asr.models import SortformerEncLabelModel
    except ModuleNotFoundError as exc:
        raise MissingRequirement(
            f"this pack needs {exc.name}: pip install -r model_packs/sortformer/requirements.txt"
        ) from exc
    quiet_nemo()
    path = find_nemo(Path(model_dir) if model_dir else weights_dir(__file__, variant))
    model = SortformerEncLabelModel.restore_from(str(path), map_location=torch.device(device))
    model.eval()
    return SortformerDiarizer(model)
