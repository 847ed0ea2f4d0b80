"""Source separation metrics: SDR, SIR and SAR (BSS Eval v3 through mir_eval), in dB.

Stems are matched by name, so no permutation is searched. BSS Eval allows a 512-tap
time-invariant filter on each reference, so a slightly filtered or delayed estimate is not
punished. With a single source, SIR is +inf (there is no other source to interfere). mir_eval
rejects an all-zero reference or estimate with ValueError. Signals of different lengths are
trimmed to the shortest.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.metrics.corpus import require_some

__all__ = ["SourceScores", "bss_eval", "evaluate", "sdr_improvement", "validate"]


@dataclass(frozen=True)
class SourceScores:
    """BSS Eval scores of one named stem, in dB."""

    sdr: float
    sir: float
    sar: float


def validate(references: Mapping[str, npt.ArrayLike], estimates: Mapping[str, npt.ArrayLike]) -> None:
    """Raise ValueError unless both name the same stems, each a non-empty 1-D array."""
    if set(references) != set(estimates):
        raise ValueError(
            f"estimates has stems {sorted(estimates)}, but should have the reference stems "
            f"{sorted(references)}"
        )
    require_some(references, "stem")
    for name in references:
        for kind, signal in (("reference", references[name]), ("estimate", estimates[name])):
            array = np.asarray(signal)
            if array.ndim != 1 or array.size == 0:
                raise ValueError(f"{kind} stem {name!r} has shape {array.shape}, but should be non-empty 1-D")


def bss_eval(
    references: Mapping[str, npt.ArrayLike], estimates: Mapping[str, npt.ArrayLike]
) -> dict[str, SourceScores]:
    """SDR, SIR and SAR of each estimated stem against the reference stem of the same name."""
    validate(references, estimates)
    names = sorted(references)
    ref, est = _stack(references, names), _stack(estimates, names)
    length = min(ref.shape[1], est.shape[1])
    sdr, sir, sar = _bss_eval_sources(ref[:, :length], est[:, :length])
    return {name: SourceScores(float(sdr[i]), float(sir[i]), float(sar[i])) for i, name in enumerate(names)}


def sdr_improvement(
    references: Mapping[str, npt.ArrayLike],
    mixture: npt.ArrayLike,
    estimates: Mapping[str, npt.ArrayLike],
) -> dict[str, float]:
    """Per stem: SDR(reference, estimate) - SDR(reference, mixture), in dB (higher is better).

    The mixture itself, used as the estimate of every stem, is the baseline.
    """
    separated = bss_eval(references, estimates)
    mix = np.asarray(mixture, dtype=np.float64)
    baseline = bss_eval(references, {name: mix for name in references})
    return {name: separated[name].sdr - baseline[name].sdr for name in references}


def evaluate(
    references: Mapping[str, npt.ArrayLike],
    mixture: npt.ArrayLike,
    estimates: Mapping[str, npt.ArrayLike],
) -> dict[str, float]:
    """Mean over stems of ``sdr``, ``sir``, ``sar`` and ``sdr_improvement`` (all dB), plus
    ``sdr/<stem>`` and ``sdr_improvement/<stem>`` for each stem."""
    scores = bss_eval(references, estimates)
    improvement = sdr_improvement(references, mixture, estimates)
    result = {
        "sdr": float(np.mean([s.sdr for s in scores.values()])),
        "sir": float(np.mean([s.sir for s in scores.values()])),
        "sar": float(np.mean([s.sar for s in scores.values()])),
        "sdr_improvement": float(np.mean(list(improvement.values()))),
    }
    for name in sorted(scores):
        result[f"sdr/{name}"] = scores[name].sdr
        result[f"sdr_improvement/{name}"] = improvement[name]
    return result


def _stack(signals: Mapping[str, npt.ArrayLike], names: list[str]) -> npt.NDArray[np.float64]:
    arrays = [np.asarray(signals[name], dtype=np.float64) for name in names]
    length = min(a.size for a in arrays)
    return np.stack([a[:length] for a in arrays])


def _bss_eval_sources(
    reference: npt.NDArray[np.float64], estimate: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    try:
        import mir_eval.separation
    except ImportError as error:
        raise MissingRequirement(
            "SDR/SIR/SAR need the 'mir_eval' package, which is not installed; install it "
            "with `pip install mir_eval` or `pip install 'pytest-audiocontract[metrics]'`"
        ) from error
    with warnings.catch_warnings():
        # mir_eval 0.8 marks this deprecated (removal planned for 0.9), so it needs mir_eval<0.9.
        warnings.simplefilter("ignore", FutureWarning)
        sdr, sir, sar, _ = mir_eval.separation.bss_eval_sources(
            reference, estimate, compute_permutation=False
        )
    return sdr, sir, sar
