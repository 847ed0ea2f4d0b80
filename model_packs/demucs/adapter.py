"""HTDemucs through the demucs package: music source separation into four stems.

Variants: `random` (default; a random-weight HTDemucs in a local demucs repo, for the
contracts) and `real` (upstream's htdemucs from a folder). Both load through the same code:
`demucs.pretrained.get_model("htdemucs", repo=DIR)` and `demucs.apply.apply_model`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from pytest_audiocontract import Stems, as_float32_mono, fit_length, resample
from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.packs.weights import weights_dir
from pytest_audiocontract.types import AudioArray

STEMS = ("drums", "bass", "other", "vocals")
# demucs.api.Separator's defaults: 25 % overlap between segments, no random shifts (shifts
# would make the output vary between calls).
OVERLAP = 0.25


class DemucsSeparator:
    """The `separate` surface: mono in, four mono stems out at the input's rate and length."""

    def __init__(self, model: Any, device: str) -> None:
        self._model = model
        self._device = device
        self._sr = int(model.samplerate)
        self._channels = int(model.audio_channels)

    def separate(self, audio: AudioArray, sr: int) -> Stems:
        """Separate `audio` (float32, `sr` Hz) into drums, bass, other and vocals."""
        import torch
        from demucs.apply import apply_model

        audio = as_float32_mono(audio)
        if audio.size == 0:
            return Stems(stems={s: np.zeros(0, np.float32) for s in STEMS}, sr=sr)
        native = resample(audio, sr, self._sr)
        wav = torch.from_numpy(np.ascontiguousarray(native)).expand(self._channels, -1)
        # demucs.api.Separator normalises by the mix's mean and deviation; a one-sample
        # input has no deviation (torch's std of one value is NaN), so it is left as is.
        mean = wav.mean()
        std = wav.std() + 1e-8 if wav.shape[1] > 1 else torch.tensor(1.0)
        with torch.inference_mode():
            out = apply_model(
                self._model,
                ((wav - mean) / std)[None],
                shifts=0,
                split=True,
                overlap=OVERLAP,
                device=self._device,
                progress=False,
            )
        out = (out * std + mean)[0].mean(dim=1).cpu().numpy()  # (stems, time), channels averaged
        by_name = dict(zip(self._model.sources, out, strict=True))
        return Stems(
            stems={
                s: fit_length(resample(by_name[s].astype(np.float32), self._sr, sr), audio.size)
                for s in STEMS
            },
            sr=sr,
        )


def load(
    variant: str = "random", device: str = "cpu", *, model_dir: str | None = None, name: str = "htdemucs"
) -> DemucsSeparator:
    """Load the demucs model `name` (a bag .yaml or a signature in the folder) of `variant`
    on `device`; `model_dir` overrides the variant's folder."""
    try:
        from demucs.pretrained import get_model
    except ModuleNotFoundError as exc:
        raise MissingRequirement(
            f"this pack needs {exc.name}: pip install -r model_packs/demucs/requirements.txt"
        ) from exc
    path = Path(model_dir) if model_dir else weights_dir(__file__, variant)
    model = get_model(name, repo=path).to(device)
    model.eval()
    sources = tuple(model.sources)
    if set(sources) != set(STEMS):
        raise ValueError(
            f"model.sources={sources}, but should be {STEMS} (4-stem htdemucs); "
            f"the 6-stem htdemucs_6s needs its own pack entry"
        )
    return DemucsSeparator(model, device)
