"""Diarization metrics: DER through pyannote.metrics, cpWER through meeteval.

DER (diarization error rate) is (missed speech + false alarm + speaker confusion) / reference
speech, all in seconds, after the optimal one-to-one mapping of hypothesis labels onto
reference speakers (pyannote's `DiarizationErrorRate`). Each clip is scored over
[0, duration] (its UEM). `collar` (seconds) is removed around every reference boundary, half
before and half after, as pyannote defines it (NIST md-eval's 0.25 s collar is
`collar=0.5` here); `skip_overlap` leaves out the regions where reference speakers overlap.
Over a corpus the seconds are pooled before dividing, so a long clip weighs more.

cpWER (concatenated minimum-permutation WER) joins each speaker's words in time order, on both
sides, and scores the speaker assignment with the fewest word errors (meeteval's
`cp_word_error_rate`); missing or extra speakers cost all their words. Texts go through the
project's normaliser first (metrics/normalize.py), as for WER. Over a corpus errors and
reference words are pooled.

Both libraries are optional (`pip install 'pytest-audiocontract[diarization]'`), imported
when a metric runs.
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol, TypedDict, TypeVar

from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.metrics.corpus import require_one_each
from pytest_audiocontract.metrics.normalize import normalize
from pytest_audiocontract.types import Turn

if TYPE_CHECKING:
    from pyannote.core import Annotation
    from pyannote.metrics.diarization import DiarizationErrorRate
    from typing_extensions import Unpack  # typing's own from Python 3.11; annotations only

__all__ = [
    "DerOptions",
    "DerSeconds",
    "cpwer",
    "der",
    "der_components",
    "evaluate",
    "orcwer",
    "speaker_texts",
    "validate",
]

TurnRow = tuple[float, float, str]
Turns = Sequence[Turn | TurnRow]


class DerOptions(TypedDict, total=False):
    """pyannote's DiarizationErrorRate options, each DER function passes them on: `collar`
    (seconds removed around every reference boundary, default 0) and `skip_overlap` (leave
    out overlapped reference speech, default False)."""

    collar: float
    skip_overlap: bool


class DerSeconds(TypedDict):
    """Pooled seconds over a corpus: reference speech, its three errors, and their ratio `der`."""

    total: float
    missed: float
    false_alarm: float
    confusion: float
    der: float


def _rows(turns: Turns) -> list[TurnRow]:
    return [(t.start, t.end, t.speaker) if isinstance(t, Turn) else (t[0], t[1], t[2]) for t in turns]


def validate(turns: Turns) -> None:
    """Raise ValueError unless every turn has finite 0 <= start < end (seconds) and a str speaker."""
    for i, (start, end, speaker) in enumerate(_rows(turns)):
        if not (math.isfinite(start) and math.isfinite(end) and 0 <= start < end):
            raise ValueError(f"turns[{i}]=({start}, {end}), but should satisfy 0 <= start < end (seconds)")
        if not isinstance(speaker, str):
            raise ValueError(f"turns[{i}].speaker={speaker!r}, but should be a str")


def _annotation(turns: Turns) -> Annotation:
    from pyannote.core import Annotation, Segment

    annotation = Annotation()
    for i, (start, end, speaker) in enumerate(_rows(turns)):
        annotation[Segment(start, end), i] = speaker
    return annotation


def _import_pyannote() -> type[DiarizationErrorRate]:
    try:
        from pyannote.metrics.diarization import DiarizationErrorRate
    except ImportError as exc:
        raise _missing("pyannote.metrics", "der") from exc
    return DiarizationErrorRate


def der_components(
    references: Sequence[Turns],
    hypotheses: Sequence[Turns],
    durations: Sequence[float],
    **options: Unpack[DerOptions],
) -> DerSeconds:
    """Pooled seconds of `total` reference speech, `missed`, `false_alarm`, `confusion`, and
    `der`, over a corpus of clips (`durations` in seconds set each clip's UEM)."""
    if not len(references) == len(hypotheses) == len(durations):
        raise ValueError(
            f"got {len(references)} references, {len(hypotheses)} hypotheses and "
            f"{len(durations)} durations, but should get one of each per clip"
        )
    error_rate = _import_pyannote()  # first: without the extra this is a skip naming it
    from pyannote.core import Segment, Timeline

    metric = error_rate(collar=options.get("collar", 0.0), skip_overlap=options.get("skip_overlap", False))
    for reference, hypothesis, duration in zip(references, hypotheses, durations, strict=True):
        validate(reference)
        validate(hypothesis)
        uem = Timeline([Segment(0.0, max(float(duration), 1e-9))])
        metric(_annotation(reference), _annotation(hypothesis), uem=uem)
    total, false_alarm = float(metric.accumulated_["total"]), float(metric.accumulated_["false alarm"])
    return DerSeconds(
        total=total,
        missed=float(metric.accumulated_["missed detection"]),
        false_alarm=false_alarm,
        confusion=float(metric.accumulated_["confusion"]),
        der=float(abs(metric)) if total > 0 else _empty_reference(false_alarm),
    )


def _empty_reference(false_alarm: float) -> float:
    # pyannote divides by zero here; nothing to find and nothing found is no error.
    return 0.0 if false_alarm == 0 else math.inf


def der(
    references: Sequence[Turns],
    hypotheses: Sequence[Turns],
    durations: Sequence[float],
    **options: Unpack[DerOptions],
) -> float:
    """Diarization error rate over a corpus (ratio; see the module docstring)."""
    return der_components(references, hypotheses, durations, **options)["der"]


def speaker_texts(turns: Sequence[tuple[float, str, str]]) -> dict[str, str]:
    """Each speaker's words in time order, from (start_s, speaker, text) rows."""
    texts: dict[str, list[str]] = {}
    for _, speaker, text in sorted(turns, key=lambda row: row[0]):
        texts.setdefault(speaker, []).append(text)
    return {speaker: " ".join(parts) for speaker, parts in texts.items()}


class _ErrorRate(Protocol):
    """What meeteval's word error rates give: counts that add up over clips."""

    errors: int
    length: int

    def __add__(self, other: _ErrorRate, /) -> _ErrorRate: ...


R = TypeVar("R")


def _pooled_rate(
    metric: str,
    function: str,
    references: Sequence[R],
    hypotheses: Sequence[Mapping[str, str]],
    reference_text: Callable[[R], object],
) -> float:
    """Errors over reference words, pooled over the clips meeteval's `function` scores one at a
    time: each reference as `reference_text` gives it, each hypothesis speaker -> normalised text."""
    score = _meeteval(function, metric)  # first: without the extra this is a skip naming it
    require_one_each(references, hypotheses, "hypotheses")
    rates = [
        score(reference_text(ref), _normalized(hyp), reference_sort=False, hypothesis_sort=False)
        for ref, hyp in zip(references, hypotheses, strict=True)
    ]
    total = functools.reduce(operator.add, rates) if rates else None
    if total is None or total.length == 0:
        raise ValueError(f"{metric}: the references hold no words; give clips with reference text")
    return float(total.errors / total.length)


def _meeteval(name: str, metric: str) -> Callable[..., _ErrorRate]:
    """meeteval's `name` (`cp_word_error_rate`, `orc_word_error_rate`), imported on first use."""
    try:
        from meeteval import wer
    except ImportError as exc:
        raise _missing("meeteval", metric) from exc
    function: Callable[..., _ErrorRate] = getattr(wer, name)
    return function


def _normalized(texts: Mapping[str, str]) -> dict[str, str]:
    return {k: normalize(v) for k, v in texts.items()}


def cpwer(references: Sequence[Mapping[str, str]], hypotheses: Sequence[Mapping[str, str]]) -> float:
    """cpWER over a corpus: per clip, speaker -> that speaker's whole text (ratio)."""
    return _pooled_rate("cpwer", "cp_word_error_rate", references, hypotheses, _normalized)


def orcwer(references: Sequence[Sequence[str]], hypotheses: Sequence[Mapping[str, str]]) -> float:
    """ORC WER over a corpus: per clip, the reference utterances in time order and the
    hypothesis speaker -> text (ratio). Each utterance goes to its best stream, so speaker
    labels may be wrong without cost: the gap to cpWER is the attribution error."""
    return _pooled_rate(
        "orcwer", "orc_word_error_rate", references, hypotheses, lambda ref: [normalize(u) for u in ref]
    )


def evaluate(
    references: Sequence[Turns],
    hypotheses: Sequence[Turns],
    durations: Sequence[float],
    **options: Unpack[DerOptions],
) -> dict[str, float]:
    """``der``, ``der_missed``, ``der_false_alarm``, ``der_confusion`` (ratios of reference speech)."""
    figures = der_components(references, hypotheses, durations, **options)
    total = figures["total"] or math.inf
    return {
        "der": figures["der"],
        "der_missed": figures["missed"] / total,
        "der_false_alarm": figures["false_alarm"] / total,
        "der_confusion": figures["confusion"] / total,
    }


def _missing(package: str, metric: str) -> MissingRequirement:
    return MissingRequirement(
        f"{metric} needs the {package!r} package, which is not installed; install it with "
        f"`pip install 'pytest-audiocontract[diarization]'` (or `pip install {package}`)"
    )
