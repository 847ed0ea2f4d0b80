"""DER and cpWER equal pyannote.metrics' and meeteval's own figures on stored inputs.

The stored inputs (tests/unit/data/diarization) are two sessions in the libraries' own file
formats: RTTM for the turns, meeteval's SegLST JSON for the words. Each library reads them
with its own loader and scores them its own way; our functions get the same turns and texts
as plain Python values.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from pytest_audiocontract.metrics import diarization, events

pyannote_metrics = pytest.importorskip(
    "pyannote.metrics.diarization", reason="pyannote.metrics is not installed (diarization extra)"
)
pyannote_database = pytest.importorskip(
    "pyannote.database.util", reason="pyannote.database is not installed (diarization extra)"
)
meeteval_api = pytest.importorskip("meeteval.wer.api", reason="meeteval is not installed (diarization extra)")

DATA = Path(__file__).parent / "data" / "diarization"
SESSIONS = ("meet1", "meet2")
DURATIONS = json.loads((DATA / "durations.json").read_text())


def _our_turns(name: str) -> dict[str, list[tuple[float, float, str]]]:
    turns: dict[str, list[tuple[float, float, str]]] = {s: [] for s in SESSIONS}
    for line in (DATA / f"{name}.rttm").read_text().splitlines():
        fields = line.split()
        start, length = float(fields[3]), float(fields[4])
        turns[fields[1]].append((start, start + length, fields[7]))
    return turns


def _library_der(collar: float, skip_overlap: bool) -> float:
    from pyannote.core import Segment, Timeline

    reference = pyannote_database.load_rttm(DATA / "reference.rttm")
    hypothesis = pyannote_database.load_rttm(DATA / "hypothesis.rttm")
    metric = pyannote_metrics.DiarizationErrorRate(collar=collar, skip_overlap=skip_overlap)
    for session in SESSIONS:
        uem = Timeline([Segment(0.0, DURATIONS[session])])
        metric(reference[session], hypothesis[session], uem=uem)
    return float(abs(metric))


@pytest.mark.parametrize(("collar", "skip_overlap"), [(0.0, False), (0.5, False), (0.0, True), (0.25, True)])
def test_der_equals_pyannote_metrics(collar: float, skip_overlap: bool) -> None:
    reference, hypothesis = _our_turns("reference"), _our_turns("hypothesis")
    ours = diarization.der(
        [reference[s] for s in SESSIONS],
        [hypothesis[s] for s in SESSIONS],
        [DURATIONS[s] for s in SESSIONS],
        collar=collar,
        skip_overlap=skip_overlap,
    )
    assert ours == pytest.approx(_library_der(collar, skip_overlap), abs=1e-12)
    assert 0.0 < ours < 1.0


def test_der_components_add_up_and_the_options_matter() -> None:
    reference, hypothesis = _our_turns("reference"), _our_turns("hypothesis")
    args = (
        [reference[s] for s in SESSIONS],
        [hypothesis[s] for s in SESSIONS],
        [DURATIONS[s] for s in SESSIONS],
    )
    full = diarization.evaluate(*args)
    parts = full["der_missed"] + full["der_false_alarm"] + full["der_confusion"]
    assert full["der"] == pytest.approx(parts)
    assert diarization.der(*args, collar=0.5) < full["der"]
    assert diarization.der(*args, skip_overlap=True) != full["der"]


def test_der_of_a_perfect_and_of_an_empty_hypothesis() -> None:
    turns = [(0.0, 1.0, "a"), (1.0, 2.5, "b")]
    assert diarization.der([turns], [[(0.0, 1.0, "x"), (1.0, 2.5, "y")]], [3.0]) == 0.0
    assert diarization.der([turns], [[]], [3.0]) == pytest.approx(1.0)
    assert diarization.der([[]], [[]], [3.0]) == 0.0  # nothing to find, nothing found
    assert math.isinf(diarization.der([[]], [[(0.0, 1.0, "x")]], [3.0]))


@pytest.mark.parametrize("collar", [0.0, 0.5])
def test_vad_detection_error_rate_equals_pyannote_metrics(collar: float) -> None:
    # Speech is wherever any speaker talks: pyannote scores the RTTM annotations as they are.
    from pyannote.core import Segment, Timeline
    from pyannote.metrics.detection import DetectionErrorRate

    reference = pyannote_database.load_rttm(DATA / "reference.rttm")
    hypothesis = pyannote_database.load_rttm(DATA / "hypothesis.rttm")
    metric = DetectionErrorRate(collar=collar)
    for session in SESSIONS:
        metric(reference[session], hypothesis[session], uem=Timeline([Segment(0.0, DURATIONS[session])]))
    ours = events.detection_error_rate(
        [[(s, e) for s, e, _ in _our_turns("reference")[session]] for session in SESSIONS],
        [[(s, e) for s, e, _ in _our_turns("hypothesis")[session]] for session in SESSIONS],
        [DURATIONS[s] for s in SESSIONS],
        collar=collar,
    )
    assert ours == pytest.approx(float(abs(metric)), abs=1e-12)
    assert 0.0 < ours < 0.5


def test_vad_detection_error_rate_by_hand() -> None:
    # 2 s of reference speech; 1.1 s missed, 0.2 s false alarm.
    value = events.detection_error_rate([[(0.0, 1.0), (2.0, 3.0)]], [[(0.1, 1.2)]], [4.0])
    assert value == pytest.approx((1.1 + 0.2) / 2.0)
    assert events.detection_error_rate([[]], [[]], [1.0]) == 0.0


def _seglst_texts(name: str) -> dict[str, dict[str, str]]:
    rows = json.loads((DATA / f"{name}.seglst.json").read_text())
    return {
        s: diarization.speaker_texts(
            [(r["start_time"], r["speaker"], r["words"]) for r in rows if r["session_id"] == s]
        )
        for s in SESSIONS
    }


def test_cpwer_equals_meeteval() -> None:
    from meeteval.io import SegLST
    from meeteval.wer import combine_error_rates

    library = combine_error_rates(
        meeteval_api.cpwer(
            SegLST(json.loads((DATA / "reference.seglst.json").read_text())),
            SegLST(json.loads((DATA / "hypothesis.seglst.json").read_text())),
        )
    )
    reference, hypothesis = _seglst_texts("reference"), _seglst_texts("hypothesis")
    ours = diarization.cpwer([reference[s] for s in SESSIONS], [hypothesis[s] for s in SESSIONS])
    assert ours == pytest.approx(library.error_rate, abs=1e-12)
    assert 0.0 < ours < 1.0


def test_orcwer_equals_meeteval() -> None:
    from meeteval.io import SegLST
    from meeteval.wer import combine_error_rates

    reference_rows = json.loads((DATA / "reference.seglst.json").read_text())
    library = combine_error_rates(
        meeteval_api.orcwer(
            SegLST(reference_rows),
            SegLST(json.loads((DATA / "hypothesis.seglst.json").read_text())),
        )
    )
    utterances = {
        s: [r["words"] for r in sorted(reference_rows, key=lambda r: r["start_time"]) if r["session_id"] == s]
        for s in SESSIONS
    }
    hypothesis = _seglst_texts("hypothesis")
    ours = diarization.orcwer([utterances[s] for s in SESSIONS], [hypothesis[s] for s in SESSIONS])
    assert ours == pytest.approx(library.error_rate, abs=1e-12)
    reference = _seglst_texts("reference")
    cp = diarization.cpwer([reference[s] for s in SESSIONS], [hypothesis[s] for s in SESSIONS])
    assert 0.0 < ours <= cp


def test_cpwer_normalises_like_wer_and_charges_missing_speakers() -> None:
    reference = [{"a": "we meet at 3 pm.", "b": "fine"}]
    assert diarization.cpwer(reference, [{"x": "We meet at three PM", "y": "Fine!"}]) == 0.0
    assert diarization.cpwer(reference, [{"x": "we meet at three pm fine"}]) == pytest.approx(2 / 6)


def test_bad_turns_are_named() -> None:
    with pytest.raises(ValueError, match=r"turns\[1\]=\(2.0, 1.0\)"):
        diarization.der([[(0.0, 1.0, "a"), (2.0, 1.0, "a")]], [[]], [3.0])
