"""SDR/SIR/SAR and SDR improvement, checked against mir_eval and constructed SNRs."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from pytest_audiocontract.metrics import separation

mir_eval_separation = pytest.importorskip(
    "mir_eval.separation", reason="mir_eval is not installed (metrics extra)"
)

SR = 8000


def _sources() -> dict[str, npt.NDArray[np.float64]]:
    t = np.arange(SR) / SR
    rng = np.random.default_rng(0)
    return {
        "tone": np.sin(2 * np.pi * 440 * t) * (0.5 + 0.5 * np.sin(2 * np.pi * 1.5 * t)),
        "noise": 0.5 * rng.standard_normal(t.size),
    }


@pytest.mark.filterwarnings("ignore:mir_eval.separation.bss_eval_sources:FutureWarning")
def test_matches_mir_eval_by_name_without_permutation() -> None:
    refs = _sources()
    rng = np.random.default_rng(1)
    estimates = {name: ref + 0.2 * rng.standard_normal(ref.size) for name, ref in refs.items()}
    estimates["tone"] += 0.3 * refs["noise"]  # leak one source into the other
    sdr, sir, sar, _ = mir_eval_separation.bss_eval_sources(
        np.stack([refs["noise"], refs["tone"]]),
        np.stack([estimates["noise"], estimates["tone"]]),
        compute_permutation=False,
    )
    scores = separation.bss_eval(refs, estimates)
    assert scores["noise"].sdr == pytest.approx(sdr[0])
    assert scores["tone"].sdr == pytest.approx(sdr[1])
    assert scores["tone"].sir == pytest.approx(sir[1])
    assert scores["tone"].sar == pytest.approx(sar[1])


def test_sdr_is_close_to_the_added_noise_snr() -> None:
    # White noise at a known SNR: BSS Eval's 512-tap filter absorbs only a sliver of it.
    refs = _sources()
    rng = np.random.default_rng(2)
    estimates = {}
    for name, ref in refs.items():
        noise = rng.standard_normal(ref.size)
        estimates[name] = ref + noise * np.sqrt(np.sum(ref**2) / np.sum(noise**2) / 10)  # 10 dB
    scores = separation.bss_eval(refs, estimates)
    for name in refs:
        assert scores[name].sdr == pytest.approx(10.0, abs=0.5)


def test_sdr_improvement_against_the_mixture() -> None:
    refs = _sources()
    mixture = refs["tone"] + refs["noise"]
    rng = np.random.default_rng(3)
    estimates = {name: ref + 0.05 * rng.standard_normal(ref.size) for name, ref in refs.items()}
    improvement = separation.sdr_improvement(refs, mixture, estimates)
    separated = separation.bss_eval(refs, estimates)
    baseline = separation.bss_eval(refs, {"tone": mixture, "noise": mixture})
    for name in refs:
        assert improvement[name] == pytest.approx(separated[name].sdr - baseline[name].sdr)
        assert improvement[name] > 0
    # Returning the mixture itself improves nothing.
    unchanged = separation.sdr_improvement(refs, mixture, {"tone": mixture, "noise": mixture})
    assert all(v == pytest.approx(0.0, abs=1e-9) for v in unchanged.values())


def test_evaluate_means_over_stems() -> None:
    refs = _sources()
    mixture = refs["tone"] + refs["noise"]
    estimates = {name: ref + 0.1 * mixture for name, ref in refs.items()}
    scores = separation.evaluate(refs, mixture, estimates)
    assert scores["sdr"] == pytest.approx((scores["sdr/tone"] + scores["sdr/noise"]) / 2)
    assert scores["sdr_improvement"] == pytest.approx(
        (scores["sdr_improvement/tone"] + scores["sdr_improvement/noise"]) / 2
    )


def test_length_mismatch_is_trimmed() -> None:
    refs = _sources()
    estimates = {name: np.concatenate([ref * 0.9, np.zeros(100)]) for name, ref in refs.items()}
    trimmed = {name: ref * 0.9 for name, ref in refs.items()}
    assert separation.bss_eval(refs, estimates) == separation.bss_eval(refs, trimmed)


def test_validate_names_mismatched_stems() -> None:
    refs = _sources()
    with pytest.raises(ValueError, match="should have the reference stems"):
        separation.bss_eval(refs, {"tone": refs["tone"]})
    with pytest.raises(ValueError, match="non-empty 1-D"):
        separation.bss_eval({"a": np.zeros(0)}, {"a": np.zeros(0)})
