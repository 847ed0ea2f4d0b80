"""DNSMOS claims score what the pack makes, once per pack and dataset for all three scores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pytest_audiocontract.contracts.binding import Binding
from pytest_audiocontract.gates.measure import ClaimContext, measure
from pytest_audiocontract.metrics import mos
from pytest_audiocontract.spec.datasets import load_dataset
from pytest_audiocontract.spec.loader import load_pack_spec
from pytest_audiocontract.spec.model import Claim
from pytest_audiocontract.types import Speech

pytest.importorskip("speechmos.dnsmos", reason="speechmos is not installed (mos extra)")

REFERENCE_TTS = Path(__file__).resolve().parents[2] / "model_packs" / "reference_tts"


class CountingSpeaker:
    """Speaks each text as a clip of speech_en (real speech), counting the calls."""

    def __init__(self) -> None:
        dataset = load_dataset("speech_en")
        self.clip = dataset.audio(str(dataset.items[0].file))
        self.calls = 0

    def synthesize(self, text: str, voice: str | None = None) -> Speech:
        self.calls += 1
        return Speech(self.clip[0], self.clip[1])


def test_the_three_scores_share_one_pass_over_the_dataset() -> None:
    model = CountingSpeaker()
    binding = Binding(load_pack_spec(REFERENCE_TTS), "default", "cpu", model)
    dataset = load_dataset("speech_en")
    figures: dict[str, Any] = {}
    for name in mos.DNSMOS_METRICS:
        claim = Claim(metric=name, surface="tts", bound="min", value=1.0, dataset="speech_en")
        figures[name] = measure(ClaimContext(claim, binding, dataset))
    assert model.calls == len(dataset)  # one synthesis per text, not one per claim
    expected = mos.dnsmos(*model.clip)  # every text gave the same clip
    for name, measured in figures.items():
        assert measured.value == pytest.approx(expected[name])
        assert len(measured.details["per_item"]) == len(dataset)
    assert np.isclose(figures["dnsmos_ovrl"].details["dnsmos_bak"], expected["dnsmos_bak"])
