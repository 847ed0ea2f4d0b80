"""The real Basic Pitch pack (ONNX): it finds the notes of synthesised melodies and chords."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from pack_adapters import adapter_module

pytest.importorskip("basic_pitch", reason="basic-pitch is not installed (model_packs/basic_pitch)")
pytest.importorskip("onnxruntime", reason="onnxruntime is not installed (model_packs/basic_pitch)")
mir_eval_transcription = pytest.importorskip(
    "mir_eval.transcription", reason="mir_eval is not installed (model_packs/basic_pitch)"
)

pytestmark = pytest.mark.slow

PACK = Path(__file__).resolve().parents[2] / "model_packs" / "basic_pitch"


def _adapter() -> ModuleType:
    return adapter_module("basic_pitch")


@pytest.fixture(scope="module")
def model() -> object:
    return _adapter().load("onnx", "cpu")


def _render(notes: list[tuple[float, float, int]], sr: int, seconds: float) -> np.ndarray:
    """Harmonic tones (3 partials, 10 ms ramps) at the given (onset s, offset s, MIDI pitch)."""
    audio = np.zeros(int(seconds * sr))
    for onset, offset, pitch in notes:
        f0 = 440.0 * 2 ** ((pitch - 69) / 12)
        t = np.arange(int((offset - onset) * sr)) / sr
        ramp = np.minimum(1.0, np.minimum(t, t[-1] - t) / 0.01)
        tone = sum(np.sin(2 * np.pi * f0 * k * t) / k for k in (1, 2, 3))
        start = int(onset * sr)
        audio[start : start + t.size] += 0.2 * ramp * tone
    return audio.astype(np.float32)


def _onset_f1(reference: list[tuple[float, float, int]], notes: list[object]) -> float:
    ref_iv = np.array([[on, off] for on, off, _ in reference])
    ref_hz = 440.0 * 2 ** ((np.array([p for _, _, p in reference]) - 69) / 12)
    est_iv = np.array([[n.onset, n.offset] for n in notes]).reshape(-1, 2)  # type: ignore[attr-defined]
    est_hz = 440.0 * 2 ** ((np.array([n.pitch for n in notes]) - 69) / 12)  # type: ignore[attr-defined]
    _, _, f1, _ = mir_eval_transcription.precision_recall_f1_overlap(
        ref_iv, ref_hz, est_iv, est_hz, onset_tolerance=0.05, offset_ratio=None
    )
    return float(f1)


MELODY = [(0.1, 0.6, 60), (0.6, 1.1, 62), (1.1, 1.6, 64), (1.6, 2.1, 65), (2.1, 3.1, 67)]
CHORDS = [(0.2, 1.2, 60), (0.2, 1.2, 64), (0.2, 1.2, 67), (1.4, 2.4, 57), (1.4, 2.4, 65)]


@pytest.mark.parametrize("sr", [16000, 22050, 44100])
@pytest.mark.parametrize("reference", [MELODY, CHORDS], ids=["melody", "chords"])
def test_finds_the_notes(model: object, reference: list[tuple[float, float, int]], sr: int) -> None:
    notes = model.transcribe_notes(_render(reference, sr, 3.5), sr).notes  # type: ignore[attr-defined]
    f1 = _onset_f1(reference, notes)
    assert f1 >= 0.8, f"onset F1={f1:.2f} at {sr} Hz with notes {notes}, but should be >= 0.8"


def test_notes_lie_within_the_input_and_are_sorted(model: object) -> None:
    # The last note runs to the very end of the input: offsets must be clamped to it.
    reference = [(0.0, 0.5, 72), (0.5, 1.0, 69), (0.9, 1.5, 76)]
    audio = _render(reference, 22050, 1.5)
    notes = model.transcribe_notes(audio, 22050).notes  # type: ignore[attr-defined]
    assert notes, "no notes found in three clear harmonic tones"
    for note in notes:
        assert 0.0 <= note.onset < note.offset <= 1.5
        assert 0 <= note.pitch <= 127 and 0.0 <= note.velocity <= 1.0
    assert [n.onset for n in notes] == sorted(n.onset for n in notes)


@pytest.mark.parametrize("length", [0, 1, 100, 44100, 50000])
def test_silence_gives_no_notes(model: object, length: int) -> None:
    assert model.transcribe_notes(np.zeros(length, np.float32), 22050).notes == []  # type: ignore[attr-defined]


def test_same_input_same_output(model: object) -> None:
    audio = _render(CHORDS, 22050, 2.5)
    assert model.transcribe_notes(audio, 22050) == model.transcribe_notes(audio, 22050)  # type: ignore[attr-defined]


def test_tensorflow_variant_names_its_tox_env_when_tensorflow_is_missing() -> None:
    if importlib.util.find_spec("tensorflow") is not None:
        pytest.skip("tensorflow is installed here, so the variant loads instead of refusing")
    from pytest_audiocontract.errors import MissingRequirement

    with pytest.raises(MissingRequirement, match="tox -e tensorflow"):
        _adapter().load("tensorflow", "cpu")
