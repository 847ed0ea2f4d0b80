"""interleave + judge_trial on fake models whose cost is counted, not timed: exact verdicts."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pytest_audiocontract.ab.interleave import MIN_ROUND_S, interleave, repeats_for
from pytest_audiocontract.ab.verdict import judge_trial
from pytest_audiocontract.bench.inputs import BenchInput, bench_input
from pytest_audiocontract.spec.loader import load_pack_spec
from pytest_audiocontract.types import Enhanced, Transcript

REPO = Path(__file__).resolve().parents[2]
TEN_PERCENT = lambda metric: 10.0  # noqa: E731


class CountedModel:
    """Each call "costs" `cost_s` of wall and CPU time on counters the runner reads."""

    def __init__(self, cost_s: float, texts: dict[int, str] | None = None) -> None:
        self.cost_s, self.texts = cost_s, texts or {}
        self.busy_s = self.cpu_s = 0.0
        self.calls = 0

    def worker_cpu_seconds(self) -> float:
        return self.cpu_s

    def _spend(self) -> None:
        self.calls += 1
        self.busy_s += self.cost_s
        self.cpu_s += self.cost_s * 1.5

    def enhance(self, audio: Any, sr: int) -> Enhanced:
        self._spend()
        return Enhanced(np.asarray(audio), sr)

    def transcribe(self, audio: Any, sr: int) -> Transcript:
        self._spend()
        return Transcript(text=self.texts.get(np.asarray(audio).size, ""))


def _burst() -> BenchInput:
    return BenchInput("burst1s", audio=[(np.zeros(16000, dtype=np.float32), 16000)])


def test_a_candidate_30_percent_costlier_regresses_on_both_clocks() -> None:
    base, cand = CountedModel(0.01), CountedModel(0.013)
    trial = interleave("enhance", _burst(), base, cand, rounds=10, rng=random.Random(0))
    rows = {r.metric: r for r in judge_trial(trial, TEN_PERCENT)}
    assert set(rows) == {"wall_s", "cpu_s"}
    for row in rows.values():
        assert row.ratio is not None
        assert row.ratio.low == pytest.approx(1.3) and row.ratio.high == pytest.approx(1.3)
        assert row.is_regression
    assert not judge_trial(trial, lambda metric: 40.0)[0].is_regression  # within a 40% threshold


def test_identical_costs_are_the_same() -> None:
    trial = interleave("enhance", _burst(), CountedModel(0.01), CountedModel(0.01), 10, random.Random(0))
    assert [r.verdict for r in judge_trial(trial, TEN_PERCENT)] == ["same", "same"]


def test_rounds_alternate_in_a_seeded_order_and_repeat_short_inputs() -> None:
    base, cand = CountedModel(0.01), CountedModel(0.01)
    trial = interleave("enhance", _burst(), base, cand, rounds=12, rng=random.Random(3))
    assert set(trial.order) == {"AB", "BA"} and len(trial.order) == 12
    again = interleave("enhance", _burst(), CountedModel(0.01), CountedModel(0.01), 12, random.Random(3))
    assert again.order == trial.order
    assert trial.repeats == repeats_for(0.01) == round(MIN_ROUND_S / 0.01)
    assert base.calls == cand.calls == 1 + 12 * trial.repeats  # a warm-up, then the rounds
    assert trial.baseline.wall_s == pytest.approx([0.01 * trial.repeats] * 12)
    assert trial.baseline.cpu_s == pytest.approx([0.015 * trial.repeats] * 12)


def test_quality_is_compared_exactly_in_its_direction() -> None:
    spec = load_pack_spec(REPO / "model_packs" / "faster_whisper")
    data = bench_input(spec, "asr", "speech_en", REPO)
    assert "wer" in data.quality_metrics
    right = {item_audio.size: item.text for (item_audio, _), item in zip(data.audio, data.items, strict=True)}
    wrong = {size: text + " and more" for size, text in right.items()}
    trial = interleave("asr", data, CountedModel(0.01, right), CountedModel(0.01, wrong), 6, random.Random(0))
    wer = next(r for r in judge_trial(trial, TEN_PERCENT) if r.metric == "wer")
    assert (wer.baseline, wer.ratio, wer.note) == (0.0, None, "")
    assert wer.candidate > 0 and wer.is_regression
    same = interleave("asr", data, CountedModel(0.01, right), CountedModel(0.02, right), 6, random.Random(0))
    assert next(r for r in judge_trial(same, TEN_PERCENT) if r.metric == "wer").verdict == "same"
