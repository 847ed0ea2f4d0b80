"""Voice activity detection metrics: frame-level precision, recall and F1.

Speech regions, (start, end) pairs in seconds, become a speech/non-speech label per 10 ms
frame: frame i covers [i * 0.01, (i + 1) * 0.01) s and is speech when its centre,
(i + 0.5) * 0.01 s, lies in some region [start, end). The clip has ceil(duration / 0.01)
frames. Over a corpus the frame counts are pooled before dividing. Where neither side has a
speech frame, precision, recall and F1 are 1.0 (nothing to find and nothing found); where only
one side has none they are 0.0.

`detection_error_rate` is pyannote.metrics' `DetectionErrorRate`, in seconds rather than
frames: (missed speech + false alarm) / reference speech over [0, duration] of each clip,
pooled over the corpus, with an optional `collar` (seconds removed around every reference
boundary, half each side). pyannote.metrics is optional (the `diarization` extra).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from pytest_audiocontract.metrics.corpus import require_one_each

__all__ = [
    "FRAME_S",
    "detection_error_rate",
    "evaluate",
    "frame_counts",
    "regions_to_frames",
    "vad_scores",
    "validate",
]

FRAME_S = 0.01
Regions = Sequence[tuple[float, float]]


def validate(regions: Regions) -> None:
    """Raise ValueError unless every region has 0 <= start < end (seconds)."""
    for i, (start, end) in enumerate(regions):
        if not 0 <= start < end:
            raise ValueError(f"regions[{i}]=({start}, {end}), but should satisfy 0 <= start < end (seconds)")


def regions_to_frames(regions: Regions, duration: float, frame: float = FRAME_S) -> npt.NDArray[np.bool_]:
    """Speech flag of each `frame`-second frame of a `duration`-second clip."""
    validate(regions)
    n_frames = math.ceil(round(duration / frame, 6))
    centres = (np.arange(n_frames) + 0.5) * frame
    speech = np.zeros(n_frames, dtype=bool)
    for start, end in regions:
        speech |= (centres >= start) & (centres < end)
    return speech


def frame_counts(
    reference: Regions, estimate: Regions, duration: float | None = None
) -> tuple[int, int, int]:
    """(true positive, false positive, false negative) speech frames of one clip.

    `duration` in seconds defaults to the latest region end on either side.
    """
    if duration is None:
        duration = max((end for _, end in [*reference, *estimate]), default=0.0)
    ref = regions_to_frames(reference, duration)
    est = regions_to_frames(estimate, duration)
    return int(np.sum(ref & est)), int(np.sum(~ref & est)), int(np.sum(ref & ~est))


def vad_scores(
    references: Sequence[Regions],
    estimates: Sequence[Regions],
    durations: Sequence[float] | None = None,
) -> tuple[float, float, float]:
    """(precision, recall, F1) of speech frames over a corpus of clips, counts pooled."""
    require_one_each(references, estimates, "estimates", "one region list per clip")
    if durations is not None:
        require_one_each(references, durations, "durations")
    tp = fp = fn = 0
    for i, (reference, estimate) in enumerate(zip(references, estimates, strict=True)):
        counts = frame_counts(reference, estimate, None if durations is None else durations[i])
        tp, fp, fn = tp + counts[0], fp + counts[1], fn + counts[2]
    if tp + fp + fn == 0:
        return 1.0, 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate(
    references: Sequence[Regions],
    estimates: Sequence[Regions],
    durations: Sequence[float] | None = None,
) -> dict[str, float]:
    """``vad_precision``, ``vad_recall``, ``vad_f1`` (ratios) over a corpus of clips."""
    precision, recall, f1 = vad_scores(references, estimates, durations)
    return {"vad_precision": precision, "vad_recall": recall, "vad_f1": f1}


def detection_error_rate(
    references: Sequence[Regions],
    estimates: Sequence[Regions],
    durations: Sequence[float],
    *,
    collar: float = 0.0,
) -> float:
    """(missed + false alarm seconds) / reference speech seconds over a corpus (pyannote.metrics)."""
    if not len(references) == len(estimates) == len(durations):
        raise ValueError(
            f"got {len(references)} references, {len(estimates)} estimates and {len(durations)} "
            "durations, but should get one of each per clip"
        )
    try:
        from pyannote.core import Annotation, Segment, Timeline
        from pyannote.metrics.detection import DetectionErrorRate
    except ImportError as exc:
        from pytest_audiocontract.errors import MissingRequirement

        raise MissingRequirement(
            "vad_detection_error_rate needs the 'pyannote.metrics' package, which is not installed; "
            "install it with `pip install 'pytest-audiocontract[diarization]'`"
        ) from exc

    def annotation(regions: Regions) -> Annotation:
        validate(regions)
        result = Annotation()
        for i, (start, end) in enumerate(regions):
            result[Segment(start, end), i] = "speech"
        return result

    metric = DetectionErrorRate(collar=collar)
    for reference, estimate, duration in zip(references, estimates, durations, strict=True):
        uem = Timeline([Segment(0.0, max(float(duration), 1e-9))])
        metric(annotation(reference), annotation(estimate), uem=uem)
    if metric.accumulated_["total"] == 0:  # pyannote divides by zero: no speech to find
        return 0.0 if metric.accumulated_["false alarm"] == 0 else math.inf
    return float(abs(metric))
