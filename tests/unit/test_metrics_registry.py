"""The registry covers every reference metric of PACK_SPEC and scores surface outputs."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest

from pytest_audiocontract import (
    Classification,
    Embedding,
    Enhanced,
    Label,
    Note,
    Notes,
    SpeechRegions,
    Stems,
    Transcript,
)
from pytest_audiocontract.audio.resample import resample
from pytest_audiocontract.metric_names import METRICS
from pytest_audiocontract.metrics import METRIC_FUNCTIONS, compute, signal

SR = 16000
SILENT_INPUT = (np.zeros(SR, dtype=np.float32), SR)


def test_every_reference_metric_has_a_function() -> None:
    needing_reference = {name for name, info in METRICS.items() if info.needs_reference}
    assert set(METRIC_FUNCTIONS) == needing_reference
    for name, spec in METRIC_FUNCTIONS.items():
        assert spec.name == name


def test_wer_and_cer_take_transcripts() -> None:
    refs = ["twenty one pilots", "hello"]
    outputs = [Transcript(text="21 pilots"), Transcript(text="yellow")]
    assert compute("wer", refs, outputs, [SILENT_INPUT] * 2) == pytest.approx(1 / 4)
    assert compute("cer", refs, outputs, [SILENT_INPUT] * 2) == pytest.approx(2 / 22)


def test_top1_takes_the_best_scored_label() -> None:
    outputs = [
        Classification([Label("dog", 0.9), Label("cat", 0.1)]),
        Classification([Label("dog", 0.2), Label("cat", 0.7)]),
        Classification([]),
    ]
    accuracy = compute("top1_accuracy", ["dog", "dog", "cat"], outputs, [SILENT_INPUT] * 3)
    assert accuracy == pytest.approx(1 / 3)


def test_vad_uses_input_duration() -> None:
    # 1 s input: reference 0..0.5 s, estimate 0.25..0.75 s -> tp 25, fp 25, fn 25
    f1 = compute("vad_f1", [[(0.0, 0.5)]], [SpeechRegions([(0.25, 0.75)])], [SILENT_INPUT])
    assert f1 == pytest.approx(0.5)


def test_note_f1_takes_notes() -> None:
    pytest.importorskip("mir_eval.transcription", reason="mir_eval is not installed (metrics extra)")
    reference = [Note(0.0, 0.5, 60, 1.0), Note(1.0, 1.5, 64, 1.0)]
    outputs = [Notes([Note(0.01, 0.4, 60, 0.5)])]
    assert compute("note_f1", [reference], outputs, [SILENT_INPUT]) == pytest.approx(2 / 3)
    assert compute("note_f1", [Notes(reference)], outputs, [SILENT_INPUT]) == pytest.approx(2 / 3)


def test_margin_takes_embeddings() -> None:
    vectors = [np.array(v, dtype=np.float32) for v in ([1, 0], [1, 0], [0, 1])]
    outputs = [Embedding(v) for v in vectors]
    # same pair cosine 1, different pairs cosine 0
    margin = compute("embedding_same_speaker_margin", ["a", "a", "b"], outputs, [SILENT_INPUT] * 3)
    assert margin == pytest.approx(1.0)


def test_si_snr_improvement_resamples_output_to_input_rate() -> None:
    t = np.arange(SR) / SR
    clean = (0.5 * np.sin(2 * np.pi * 300 * t)).astype(np.float32)
    rng = np.random.default_rng(0)
    noisy = (clean + 0.2 * rng.standard_normal(SR)).astype(np.float32)
    enhanced = (clean + 0.02 * rng.standard_normal(SR)).astype(np.float32)
    expected = signal.si_snr_improvement(clean, noisy, enhanced)
    same_rate = compute("si_snr_improvement_db", [clean], [Enhanced(enhanced, SR)], [(noisy, SR)])
    assert same_rate == pytest.approx(expected)
    at_48k = Enhanced(resample(enhanced, SR, 48000), 48000)
    resampled = compute("si_snr_improvement_db", [clean], [at_48k], [(noisy, SR)])
    assert resampled == pytest.approx(expected, abs=0.5)


def test_sdr_improvement_takes_stems() -> None:
    pytest.importorskip("mir_eval.separation", reason="mir_eval is not installed (metrics extra)")
    t = np.arange(8000) / 8000
    refs = {"a": np.sin(2 * np.pi * 200 * t), "b": np.random.default_rng(1).standard_normal(8000)}
    mixture = (refs["a"] + refs["b"]).astype(np.float32)
    stems = Stems({k: v.astype(np.float32) for k, v in refs.items()}, 8000)
    value = compute("sdr_improvement_db", [refs], [stems], [(mixture, 8000)])
    assert math.isfinite(value)
    assert value > 20.0  # the perfect stems beat the mixture by a wide margin


def test_compute_checks_arguments() -> None:
    with pytest.raises(ValueError, match="metric='rtf'"):
        compute("rtf", [], [], [])
    with pytest.raises(ValueError, match="one of each per dataset item"):
        compute("wer", ["a"], [], [])


def test_importing_metrics_loads_no_optional_library() -> None:
    code = (
        "import sys, pytest_audiocontract.metrics; "
        "print([m for m in ('scipy', 'mir_eval', 'pystoi', 'pesq', 'sklearn') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
