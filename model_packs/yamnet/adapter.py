"""YAMNet through the torch-vggish-yamnet port: AudioSet event classification (521 classes)
and 1024-d embeddings at 16 kHz.

Variants: `random` (default; a random-weight YAMNet that `python -m builders yamnet` writes,
for the contracts) and `real` (the port's published yamnet.pth with upstream's class map).
Both load through the same code: the port's `yamnet(pretrained=False)` and
`load_state_dict` of the file its `pretrained=True` downloads, then the port's
`WaveformToInput` and forward pass.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np

from pytest_audiocontract import (
    Classification,
    Embedding,
    Label,
    MissingRequirement,
    as_float32_mono,
    resample,
)
from pytest_audiocontract.packs.weights import weights_dir
from pytest_audiocontract.types import AudioArray

from .yamnetimport import import_yamnet

SAMPLE_RATE = 16000  # Hz, YAMNet's
NUM_CLASSES = 521
# YAMNet's own padding (yamnet/features.py, pad_waveform): at least one 0.96 s patch plus
# one STFT window less one hop, 0.975 s.
MIN_SAMPLES = round(SAMPLE_RATE * (0.96 + 0.025 - 0.010))
LABELS = tuple(f"audioset_{i}" for i in range(NUM_CLASSES))  # the pack's labels.txt


def read_class_map(path: Path) -> tuple[str, ...]:
    """The display names of yamnet_class_map.csv (columns index, mid, display_name), by index."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    indices = [int(row["index"]) for row in rows]
    if indices != list(range(NUM_CLASSES)):
        raise ValueError(
            f"{path} has indices {indices[:3]}...{indices[-3:]} ({len(rows)} rows), "
            f"but should have 0..{NUM_CLASSES - 1} in order (upstream's class map)"
        )
    return tuple(row["display_name"] for row in rows)


class YamnetModel:
    """The `classify` and `embed` surfaces. Labels are `audioset_<index>`, the row of the class
    map; `display_name(label)` gives the class map's name for one."""

    def __init__(self, model: Any, converter: Any, names: tuple[str, ...], device: str) -> None:
        self._model = model
        self._converter = converter
        self._names = names
        self._device = device

    def display_name(self, label: str) -> str:
        """The class map's display name of `label` (an `audioset_<index>` name)."""
        return self._names[LABELS.index(label)]

    def _run(self, audio: AudioArray, sr: int) -> tuple[np.ndarray, np.ndarray]:
        """Per-patch class scores (patches, 521) in [0, 1] and embeddings (patches, 1024)."""
        import torch

        native = resample(as_float32_mono(audio), sr, SAMPLE_RATE)
        if native.size < MIN_SAMPLES:
            native = np.concatenate([native, np.zeros(MIN_SAMPLES - native.size, np.float32)])
        with torch.inference_mode():
            patches = self._converter(torch.from_numpy(native)[None], SAMPLE_RATE)
            embedding, scores = self._model(patches.to(self._device), to_prob=True)
        return (
            scores.cpu().numpy().astype(np.float64),
            embedding.reshape(embedding.shape[0], -1).cpu().numpy(),
        )

    def classify(self, audio: AudioArray, sr: int, top_k: int = 5) -> Classification:
        """The `top_k` classes of `audio` (float32, `sr` Hz) by their mean score over the
        0.96 s patches, as YAMNet's inference example averages them."""
        scores = self._run(audio, sr)[0].mean(axis=0)
        order = np.argsort(-scores, kind="stable")[: max(top_k, 0)]
        return Classification(labels=[Label(name=LABELS[i], score=float(scores[i])) for i in order])

    def embed(self, audio: AudioArray, sr: int) -> Embedding:
        """YAMNet's 1024-d embedding of `audio`, the mean over its 0.96 s patches."""
        return Embedding(vector=self._run(audio, sr)[1].mean(axis=0).astype(np.float32))


def load(variant: str = "random", device: str = "cpu", *, model_dir: str | None = None) -> YamnetModel:
    """Load YAMNet from `variant`'s folder (yamnet.pth, yamnet_class_map.csv) on `device`;
    `model_dir` overrides the variant's folder."""
    try:
        yamnet = import_yamnet()
        import torch
    except ModuleNotFoundError as exc:
        raise MissingRequirement(
            f"this pack needs {exc.name}: pip install -r model_packs/yamnet/requirements.txt"
        ) from exc
    folder = Path(model_dir) if model_dir else weights_dir(__file__, variant)
    model = yamnet.yamnet(pretrained=False)
    # What the port's pretrained=True does after downloading yamnet.pth.
    model.load_state_dict(torch.load(folder / "yamnet.pth", map_location="cpu", weights_only=True))
    names = read_class_map(folder / "yamnet_class_map.csv")
    return YamnetModel(model.to(device).eval(), yamnet.WaveformToInput(), names, device)
