"""Demucs through the demucs package: music source separation into four stems.

Variants, each a bag of upstream's: `random` / `real` (htdemucs), `htdemucs_ft_random` /
`htdemucs_ft` (four fine-tuned HTDemucs, one per stem), `mdx_extra_random` / `mdx_extra`
(four Hybrid Demucs). The `*random` ones are random-weight builds in a local demucs repo, for
the contracts; the others read upstream's files from a folder. All load through the same
code: `demucs.pretrained.get_model(NAME, repo=DIR)` and `demucs.apply.apply_model`. The
six-stem htdemucs_6s is the demucs_6s pack (a pack declares one set of stems), which uses
`load_bag` below.
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


# The bag each variant loads (demucs/remote/<bag>.yaml upstream).
BAGS = {
    "random": "htdemucs",
    "real": "htdemucs",
    "htdemucs_ft_random": "htdemucs_ft",
    "htdemucs_ft": "htdemucs_ft",
    "mdx_extra_random": "mdx_extra",
    "mdx_extra": "mdx_extra",
}


class DemucsSeparator:
    """The `separate` surface: mono in, one mono signal per stem out at the input's rate and
    length."""

    def __init__(self, model: Any, device: str, stems: tuple[str, ...] = STEMS) -> None:
        self._model = model
        self._device = device
        self._stems = stems
        self._sr = int(model.samplerate)
        self._channels = int(model.audio_channels)

    def separate(self, audio: AudioArray, sr: int) -> Stems:
        """Separate `audio` (float32, `sr` Hz) into the model's stems."""
        import torch
        from demucs.apply import apply_model

        audio = as_float32_mono(audio)
        if audio.size == 0:
            return Stems(stems={s: np.zeros(0, np.float32) for s in self._stems}, sr=sr)
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
                for s in self._stems
            },
            sr=sr,
        )


def load(
    variant: str = "random", device: str = "cpu", *, model_dir: str | None = None, name: str | None = None
) -> DemucsSeparator:
    """Load `variant` on `device`: the bag `name` (default: the variant's, see BAGS) from the
    variant's folder, or from `model_dir`."""
    if variant not in BAGS:
        raise ValueError(f"demucs got variant={variant!r}, but offers {', '.join(BAGS)}")
    path = Path(model_dir) if model_dir else weights_dir(__file__, variant)
    return load_bag(path, name or BAGS[variant], device, STEMS)


def load_bag(path: Path, name: str, device: str, stems: tuple[str, ...]) -> DemucsSeparator:
    """The separator of bag `name` in the demucs repo `path`, whose sources must be `stems`."""
    try:
        from demucs.pretrained import get_model
    except ModuleNotFoundError as exc:
        raise MissingRequirement(
            f"this pack needs {exc.name}: pip install -r model_packs/demucs/requirements.txt"
        ) from exc
    model = get_model(name, repo=path).to(device)
    model.eval()
    sources = tuple(model.sources)
    if set(sources) != set(stems):
        raise ValueError(
            f"{name} in {path}: model.sources={sources}, but should be {stems}, the stems this "
            "pack declares (htdemucs_6s is the demucs_6s pack)"
        )
    return DemucsSeparator(model, device, stems)
