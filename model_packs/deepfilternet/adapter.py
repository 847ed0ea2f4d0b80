"""DeepFilterNet 3 through the deepfilternet package (`df`): speech enhancement at 48 kHz.

Variants: `random` (default; a random-weight DeepFilterNet 3 that `python -m builders
deepfilternet` writes, for the contracts) and `real` (upstream's DeepFilterNet3 folder). Both
load through the same code: `df.enhance.init_df(model_base_dir=DIR)`, then `df.enhance.enhance`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from pytest_audiocontract import Enhanced, as_float32_mono, fit_length, resample
from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.packs.weights import weights_dir
from pytest_audiocontract.types import AudioArray

from .dfimport import import_df


class DeepFilterNetEnhancer:
    """The `enhance` surface: mono in, enhanced mono out at the input's rate and length."""

    def __init__(self, model: Any, df_state: Any, device: str) -> None:
        self._model = model
        self._df_state = df_state
        self._device = device
        self.sample_rate = int(df_state.sr())  # Hz; 48000 for DeepFilterNet 3

    def enhance(self, audio: AudioArray, sr: int) -> Enhanced:
        """Enhance `audio` (float32, `sr` Hz); the result has the same rate and length."""
        import torch
        from df.enhance import enhance

        audio = as_float32_mono(audio)
        if audio.size == 0:
            return Enhanced(audio=np.zeros(0, np.float32), sr=sr)
        native = resample(audio, sr, self.sample_rate)
        # pad=True: df pads by one FFT and drops the STFT delay, so lengths match its input's.
        out = enhance(self._model, self._df_state, torch.from_numpy(native)[None], pad=True)
        back = resample(out[0].cpu().numpy().astype(np.float32), self.sample_rate, sr)
        return Enhanced(audio=fit_length(back, audio.size), sr=sr)


def _checkpoint(folder: Path) -> Path:
    # init_df's choice for epoch="best": the newest model_<epoch>.ckpt.best.
    found = sorted(
        folder.glob("checkpoints/model_*.ckpt.best"),
        key=lambda p: int(p.name.split(".")[0].rsplit("_", 1)[1]),
    )
    if not found:
        raise MissingRequirement(f"{folder}/checkpoints holds no model_*.ckpt.best")
    return found[-1]


def _check_parameters(model: Any, checkpoint: Path) -> None:
    """df's loader only logs missing or mis-shaped tensors and keeps their random values, so a
    wrong checkpoint would pass for a right one: every parameter must come from the file."""
    import torch

    state = torch.load(checkpoint, map_location="cpu")
    state = {k.replace("clc", "df"): v for k, v in state.items()}  # df's own renaming
    wrong = [
        f"{name} {tuple(p.shape)} (file: {tuple(state[name].shape) if name in state else 'absent'})"
        for name, p in model.named_parameters()
        if name not in state or state[name].shape != p.shape
    ]
    if wrong:
        raise ValueError(
            f"{checkpoint} does not fit the model that config.ini describes: "
            f"{len(wrong)} parameters differ, e.g. {'; '.join(wrong[:3])}"
        )


def load(
    variant: str = "random", device: str = "cpu", *, model_dir: str | None = None
) -> DeepFilterNetEnhancer:
    """Load DeepFilterNet from `variant`'s folder (config.ini + checkpoints/) on `device`;
    `model_dir` overrides the variant's folder."""
    try:
        enhance_module = import_df()
    except ModuleNotFoundError as exc:
        raise MissingRequirement(
            f"this pack needs {exc.name}: pip install -r model_packs/deepfilternet/requirements.txt"
        ) from exc
    from df.config import config

    folder = Path(model_dir) if model_dir else weights_dir(__file__, variant)
    checkpoint = _checkpoint(folder)
    try:
        # log_file=None: a weights folder may be read-only (init_df logs into it by default);
        # "none" keeps df from shelling out to git for its log header.
        model, df_state, _ = enhance_module.init_df(
            str(folder), log_level="none", log_file=None, epoch="best"
        )
    except SystemExit as exc:  # init_df exits when it finds no checkpoint
        raise RuntimeError(f"df.enhance.init_df({str(folder)!r}) exited ({exc.code})") from exc
    _check_parameters(model, checkpoint)
    # df picks its device from config (train.device); init_df has just loaded that config.
    config.set("DEVICE", device, str, section="train")
    model = model.to(device).eval()
    return DeepFilterNetEnhancer(model, df_state, device)
