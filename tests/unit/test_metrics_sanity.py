"""Enhance sanity figures: silent and clipped outputs are flagged, the energy ratio is a power ratio."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pytest_audiocontract.contracts.binding import Binding
from pytest_audiocontract.gates.measure import ClaimContext, measure
from pytest_audiocontract.metrics.sanity import enhance_sanity, summary
from pytest_audiocontract.spec.datasets import load_dataset
from pytest_audiocontract.spec.loader import load_pack_spec
from pytest_audiocontract.spec.model import Claim
from pytest_audiocontract.types import Enhanced

NOISY = (0.5 * np.sin(np.arange(16000) / 5.0)).astype(np.float32)


def test_a_half_gain_output_keeps_a_quarter_of_the_power() -> None:
    figures = enhance_sanity(NOISY, 0.5 * NOISY)
    assert figures == {
        "output_silent": False,
        "clipping_detected": False,
        "energy_ratio": pytest.approx(0.25),
    }


def test_silence_out_of_sound_in_is_flagged_but_silence_in_and_out_is_not() -> None:
    assert enhance_sanity(NOISY, np.zeros_like(NOISY))["output_silent"] is True
    assert enhance_sanity(np.zeros(100, np.float32), np.zeros(100, np.float32))["output_silent"] is False


def test_clipping_is_flagged_past_a_tenth_of_a_percent_at_full_scale() -> None:
    assert enhance_sanity(NOISY, np.clip(4 * NOISY, -1, 1))["clipping_detected"] is True
    few = NOISY.copy()
    few[:10] = 1.0  # 10 of 16000 samples: 0.06 %
    assert enhance_sanity(NOISY, few)["clipping_detected"] is False


def test_summary_counts_and_takes_the_median_ratio() -> None:
    items = [enhance_sanity(NOISY, g * NOISY) for g in (0.0, 0.5, 1.0)]
    assert summary(items) == {
        "outputs_silent": 1,
        "outputs_clipped": 0,
        "median_energy_ratio": pytest.approx(0.25),
    }


class HalfGain:
    def enhance(self, audio: np.ndarray, sr: int) -> Enhanced:
        return Enhanced((0.5 * audio).astype(np.float32), sr)


def test_enhance_claims_record_the_sanity_figures() -> None:
    spec = load_pack_spec(Path(__file__).resolve().parents[2] / "model_packs" / "reference_enhance")
    dataset = load_dataset("noisy_speech")
    claim = Claim(
        metric="si_snr_improvement_db", surface="enhance", bound="min", value=0.0, dataset="noisy_speech"
    )
    measured = measure(ClaimContext(claim, Binding(spec, "default", "cpu", HalfGain()), dataset))
    figures = measured.details["sanity"]
    assert figures["outputs_silent"] == figures["outputs_clipped"] == 0
    assert figures["median_energy_ratio"] == pytest.approx(0.25, rel=1e-4)
    assert [p["id"] for p in figures["per_item"]] == [i.id for i in dataset]
