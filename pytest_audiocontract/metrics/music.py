"""Note transcription metrics: onset-only note precision, recall and F1 (mir_eval).

An estimated note matches a reference note when its onset is within 50 ms of the reference
onset and its pitch within 50 cents; offsets are ignored (``offset_ratio=None``). Each note
matches at most one note on the other side (maximum bipartite matching, as in mir_eval).
MIDI pitch p becomes ``440 * 2 ** ((p - 69) / 12)`` Hz.

Over a corpus the matches and note counts are pooled before dividing, so every note weighs
the same. Where neither side has a note, precision, recall and F1 are 1.0 (nothing to find
and nothing found); where only one side is empty they are 0.0. (mir_eval gives 0.0 in both
cases.)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.metrics.corpus import require_one_each
from pytest_audiocontract.types import Note

__all__ = [
    "ONSET_TOLERANCE_S",
    "PITCH_TOLERANCE_CENTS",
    "evaluate",
    "match_count",
    "midi_to_hz",
    "note_scores",
    "validate",
]

ONSET_TOLERANCE_S = 0.05
PITCH_TOLERANCE_CENTS = 50.0


def midi_to_hz(pitch: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """MIDI note number(s) to frequency in Hz (A4 = 69 = 440 Hz)."""
    return 440.0 * 2.0 ** ((np.asarray(pitch, dtype=np.float64) - 69.0) / 12.0)


def validate(notes: Sequence[Note]) -> None:
    """Raise ValueError unless every note has onset < offset (seconds) and pitch in 0..127."""
    for i, note in enumerate(notes):
        if not note.onset < note.offset:
            raise ValueError(
                f"notes[{i}] has onset={note.onset} and offset={note.offset} (seconds), "
                "but onset should be less than offset"
            )
        if not 0 <= note.pitch <= 127:
            raise ValueError(f"notes[{i}].pitch={note.pitch}, but should be in 0..127")


def match_count(reference: Sequence[Note], estimate: Sequence[Note]) -> int:
    """Number of estimated notes matched to a reference note (onset 50 ms, pitch 50 cents)."""
    validate(reference)
    validate(estimate)
    if not reference or not estimate:
        return 0
    try:
        import mir_eval.transcription
    except ImportError as error:
        raise MissingRequirement(
            "note F1 needs the 'mir_eval' package, which is not installed; install it with "
            "`pip install mir_eval` or `pip install 'pytest-audiocontract[metrics]'`"
        ) from error
    ref_intervals, ref_pitches = _arrays(reference)
    est_intervals, est_pitches = _arrays(estimate)
    matching = mir_eval.transcription.match_notes(
        ref_intervals,
        ref_pitches,
        est_intervals,
        est_pitches,
        onset_tolerance=ONSET_TOLERANCE_S,
        pitch_tolerance=PITCH_TOLERANCE_CENTS,
        offset_ratio=None,
    )
    return len(matching)


def note_scores(
    references: Sequence[Sequence[Note]], estimates: Sequence[Sequence[Note]]
) -> tuple[float, float, float]:
    """(precision, recall, F1) over a corpus of pieces, matches and counts pooled."""
    require_one_each(references, estimates, "estimates", "one note list per piece")
    matched = sum(match_count(r, e) for r, e in zip(references, estimates, strict=True))
    n_ref = sum(len(r) for r in references)
    n_est = sum(len(e) for e in estimates)
    if n_ref == 0 and n_est == 0:
        return 1.0, 1.0, 1.0
    precision = matched / n_est if n_est else 0.0
    recall = matched / n_ref if n_ref else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate(references: Sequence[Sequence[Note]], estimates: Sequence[Sequence[Note]]) -> dict[str, float]:
    """``note_precision``, ``note_recall``, ``note_f1`` (ratios) over a corpus of pieces."""
    precision, recall, f1 = note_scores(references, estimates)
    return {"note_precision": precision, "note_recall": recall, "note_f1": f1}


def _arrays(notes: Sequence[Note]) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    intervals = np.array([[n.onset, n.offset] for n in notes], dtype=np.float64)
    return intervals, midi_to_hz([n.pitch for n in notes])
