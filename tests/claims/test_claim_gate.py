"""Claims become gating items: measured against claimed, in the metric's direction."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _pack(pytester: pytest.Pytester, source: str, pack_id: str, claims: str) -> Path:
    """A copy of a reference pack with its claims replaced."""
    folder = pytester.path / pack_id
    shutil.copytree(REPO / "model_packs" / source, folder)
    text = (folder / "claims.yaml").read_text()
    head = text.split("\nclaims:")[0].replace(f"id: {source}", f"id: {pack_id}")
    (folder / "claims.yaml").write_text(head + "\nclaims:\n" + claims)
    return folder


def _run(pytester: pytest.Pytester, *packs: Path, extra: tuple[str, ...] = ()) -> pytest.RunResult:
    args = [f"--model-pack={p}" for p in packs]
    return pytester.runpytest_subprocess(*args, "--claims-only", "-p", "no:cacheprovider", "-rfx", *extra)


def test_kept_and_broken_claims(pytester: pytest.Pytester) -> None:
    pack = _pack(
        pytester,
        "reference_vad",
        "vad_claims",
        """\
  - metric: vad_f1
    surface: vad
    dataset: vad
    min: 0.5
  - metric: vad_f1
    surface: vad
    dataset: vad
    min: 0.99
  - metric: rtf
    surface: vad
    max: 1000000.0
""",
    )
    result = _run(pytester, pack)
    result.assert_outcomes(passed=2, failed=1)
    out = result.stdout.str()
    assert "claims::vad_f1>=0.99[vad_claims/vad]" in out
    assert "vad_claims/vad: vad_f1=" in out and "claims.yaml promises vad_f1 >= 0.99" in out
    # The summary lists every claim with measured and claimed figures.
    assert "audiocontract claims" in out
    assert out.count("vad_claims/default") == 3
    assert "BROKEN" in out


def test_der_claims_with_their_options(pytester: pytest.Pytester) -> None:
    pytest.importorskip("pyannote.metrics", reason="pyannote.metrics is not installed (diarization extra)")
    pack = _pack(
        pytester,
        "reference_diarize",
        "der_claims",
        """\
  - metric: der
    surface: diarize
    dataset: conversations
    max: 0.5
  - metric: der
    surface: diarize
    dataset: conversations
    collar: 0.5
    skip_overlap: true
    max: 0.01
""",
    )
    result = _run(pytester, pack)
    result.assert_outcomes(passed=1, failed=1)
    out = result.stdout.str()
    assert "claims::der,collar=0.5,skip_overlap<=0.01[der_claims/conversations]" in out
    assert "der_claims/diarize: der=" in out
    # The summary says which options each DER was measured under.
    assert "der (collar 0.5 s, no overlap)" in out


def test_direction_follows_the_metric(pytester: pytest.Pytester) -> None:
    # rtf is lower-is-better: a max that no run can beat (0) fails; one no machine load can
    # break (a million times slower than real time) passes. No speed is asserted.
    pack = _pack(
        pytester,
        "reference_enhance",
        "rtf_claims",
        """\
  - metric: rtf
    surface: enhance
    max: 0.0
  - metric: rtf
    surface: enhance
    max: 1000000.0
""",
    )
    _run(pytester, pack).assert_outcomes(passed=1, failed=1)


def test_known_failure_is_reported_as_xfail_with_its_reason(pytester: pytest.Pytester) -> None:
    pack = _pack(
        pytester,
        "reference_vad",
        "known_failure",
        """\
  - metric: vad_f1
    surface: vad
    dataset: vad
    min: 0.999
    xfail: "energy VAD bridges gaps; measured about 0.7"
""",
    )
    result = _run(pytester, pack)
    result.assert_outcomes(xfailed=1)
    assert "energy VAD bridges gaps" in result.stdout.str()
    assert "XFAIL" in result.stdout.str()


def test_tts_round_trip_goes_through_the_named_asr_pack(pytester: pytest.Pytester) -> None:
    # reference_tts speaks tones, reference_asr writes low/mid/high words: the round trip runs
    # and measures a WER; no sentence survives it, so the WER is at least 1.
    asr = _pack(pytester, "reference_asr", "round_trip_asr", "")
    tts = _pack(
        pytester,
        "reference_tts",
        "round_trip_tts",
        """\
  - metric: wer
    surface: tts
    dataset: speech_en
    via: round_trip_asr
    min: 1.0
""",
    )
    result = _run(pytester, tts, extra=("--pack-path", str(asr.parent)))
    result.assert_outcomes(passed=1)


def test_missing_dataset_fails_with_a_clear_message(pytester: pytest.Pytester) -> None:
    pack = _pack(
        pytester,
        "reference_vad",
        "no_dataset",
        """\
  - metric: vad_f1
    surface: vad
    dataset: no_such_dataset
    min: 0.5
""",
    )
    result = _run(pytester, pack)
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "cannot be measured" in out and "'no_such_dataset' not found" in out
    assert "Traceback" not in out


def test_variant_option_gates_only_that_variants_claims(pytester: pytest.Pytester) -> None:
    pack = _pack(
        pytester,
        "reference_enhance",
        "two_variants",
        """\
  - metric: rtf
    surface: enhance
    max: 1000000.0
  - metric: rtf
    surface: enhance
    variant: other
    max: 0.0
""",
    )
    text = (pack / "claims.yaml").read_text()
    (pack / "claims.yaml").write_text(
        text.replace("\nsurfaces:", "\nvariants: [default, other]\nsurfaces:", 1)
    )
    # Without --variant every claim is gated; with it, only the named variant's.
    _run(pytester, pack).assert_outcomes(passed=1, failed=1)
    _run(pytester, pack, extra=("--variant=default",)).assert_outcomes(passed=1)
    _run(pytester, pack, extra=("--variant=other",)).assert_outcomes(failed=1)
