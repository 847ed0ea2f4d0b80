"""Basic Pitch (Spotify's polyphonic note transcriber) on in-memory audio.

basic-pitch's own `predict()` reads a file with librosa; this adapter runs the same steps on
an array: resample to 22050 Hz, pad half the window overlap in front, cut 2 s windows that
overlap by 30 frames, run the model on each, stitch the frames back (`unwrap_output`) and
decode notes with basic-pitch's defaults (`model_output_to_notes`).
"""

from __future__ import annotations

import importlib.util
from typing import Any

import numpy as np

from pytest_audiocontract import Note, Notes, as_float32_mono, resample
from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.types import AudioArray

VARIANTS = ("onnx", "tensorflow")
OVERLAP_FRAMES = 30
"""Frames shared by neighbouring windows, as in basic-pitch's `run_inference`."""
ONSET_THRESHOLD = 0.5
FRAME_THRESHOLD = 0.3
MIN_NOTE_MS = 127.70
"""basic-pitch's default shortest note, milliseconds."""


class BasicPitchModel:
    """The `music_transcription` surface over one loaded basic-pitch model (ONNX or TF)."""

    def __init__(self, model: Any) -> None:
        from basic_pitch import constants, inference, note_creation

        self._model = model
        self._c = constants
        self._inference = inference
        self._notes = note_creation

    def transcribe_notes(self, audio: AudioArray, sr: int) -> Notes:
        """Notes in `audio` (float32, `sr` Hz); onsets and offsets in seconds."""
        x = as_float32_mono(audio)
        duration = x.size / sr
        x = resample(x, sr, self._c.AUDIO_SAMPLE_RATE)
        output = self._activations(x)
        if output["note"].shape[0] == 0:
            return Notes([])
        frames_per_s = self._c.AUDIO_SAMPLE_RATE / self._c.FFT_HOP
        # Silence makes its onset inference divide 0 by 0; those NaNs never pass a threshold.
        with np.errstate(divide="ignore", invalid="ignore"):
            _, events = self._notes.model_output_to_notes(
                output,
                onset_thresh=ONSET_THRESHOLD,
                frame_thresh=FRAME_THRESHOLD,
                min_note_len=round(MIN_NOTE_MS / 1000 * frames_per_s),
                include_pitch_bends=False,
            )
        notes = []
        for start, end, pitch, amplitude, _bends in events:
            # Frame times can run a few ms past the input's end: keep notes inside it.
            onset, offset = max(0.0, float(start)), min(duration, float(end))
            if onset < offset:
                velocity = float(np.clip(amplitude, 0.0, 1.0))
                notes.append(Note(onset, offset, int(pitch), velocity))
        notes.sort(key=lambda n: (n.onset, n.pitch))
        return Notes(notes)

    def _activations(self, x: AudioArray) -> dict[str, np.ndarray]:
        """Frame-level note, onset and contour activations, as `run_inference` computes them."""
        overlap = OVERLAP_FRAMES * self._c.FFT_HOP
        hop = self._c.AUDIO_N_SAMPLES - overlap
        padded = np.concatenate([np.zeros(overlap // 2, dtype=np.float32), x])
        chunks: dict[str, list[np.ndarray]] = {"note": [], "onset": [], "contour": []}
        for window, _ in self._inference.window_audio_file(padded, hop):
            batch = np.expand_dims(window, axis=0).astype(np.float32)
            for key, value in self._model.predict(batch).items():
                chunks[key].append(np.asarray(value))
        return {
            key: self._inference.unwrap_output(np.concatenate(parts), x.size, OVERLAP_FRAMES)
            for key, parts in chunks.items()
        }


def load(variant: str, device: str) -> BasicPitchModel:
    """Factory: `variant` is "onnx" (default, onnxruntime) or "tensorflow"; `device` is "cpu"."""
    if variant not in VARIANTS or device != "cpu":
        raise ValueError(
            f"basic_pitch got variant={variant!r}, device={device!r}, "
            f"but offers variants {list(VARIANTS)} on device 'cpu'"
        )
    needed = "onnxruntime" if variant == "onnx" else "tensorflow"
    for module in ("basic_pitch", needed):
        if importlib.util.find_spec(module) is None:
            hint = (
                "run it in the `tensorflow` tox env (tox -e tensorflow): TensorFlow 2.15 needs "
                "numpy<2, so it cannot share the main environment"
                if module == "tensorflow"
                else "pip install -r model_packs/basic_pitch/requirements.txt "
                "(basic-pitch itself with --no-deps, see the pack README)"
            )
            raise MissingRequirement(f"basic_pitch variant {variant!r} needs {module}: {hint}")
    from basic_pitch import FilenameSuffix, build_icassp_2022_model_path
    from basic_pitch.inference import Model

    suffix = FilenameSuffix.onnx if variant == "onnx" else FilenameSuffix.tf
    return BasicPitchModel(Model(build_icassp_2022_model_path(suffix)))
