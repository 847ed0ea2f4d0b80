"""The WER the gate reports for faster_whisper is jiwer's WER after the documented normaliser."""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_faster_whisper_wer_equals_jiwer_on_the_same_transcripts(pytester: pytest.Pytester) -> None:
    pytest.importorskip("faster_whisper", reason="faster-whisper is not installed")
    jiwer = pytest.importorskip("jiwer", reason="jiwer is not installed")
    from pytest_audiocontract.metrics.normalize import NORMALISER_VERSION, normalize

    junit = pytester.path / "junit.xml"
    result = pytester.runpytest_subprocess(
        f"--model-pack={REPO / 'model_packs' / 'faster_whisper'}",
        "--claims-only",
        "-k",
        "wer",
        "-p",
        "no:cacheprovider",
        f"--junitxml={junit}",
    )
    result.assert_outcomes(passed=1, skipped=2)  # the large_v3 and distil wer claims: no weights
    values = [
        ast.literal_eval(p.get("value", ""))
        for p in ET.parse(junit).iter("property")
        if p.get("name") == "audiocontract"
    ]
    (record,) = [v for v in values if v.get("metric") == "wer"]
    transcripts = record["details"]["transcripts"]
    assert record["details"]["normaliser"] == NORMALISER_VERSION
    assert len(transcripts) == 12  # every item of fixtures/speech_en
    expected = jiwer.wer(
        [normalize(t["reference"]) for t in transcripts], [normalize(t["hypothesis"]) for t in transcripts]
    )
    assert record["measured"] == pytest.approx(expected, abs=1e-12)
