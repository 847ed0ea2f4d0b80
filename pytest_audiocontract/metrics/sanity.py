"""Sanity figures of an enhanced clip beside its input: is it silent, clipped, how loud.

Not claim metrics but flags a reader checks before trusting a quality score: an enhancer
that returns silence scores a fine background MOS, and one that clips can still raise SI-SNR.

- `output_silent`: the output is silence (every sample below 1e-4, PACK_SPEC's silence)
  while the input is not;
- `clipping_detected`: more than `CLIP_FRACTION` of the output's samples sit at full scale
  (|x| >= `CLIP_LEVEL`);
- `energy_ratio`: output power over input power (mean squares, so the rates need not match;
  1.0 keeps the level, 0.5 is -3 dB).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from pytest_audiocontract.audio.silence import SILENCE_PEAK
from pytest_audiocontract.json_types import JSON, JSONObject

__all__ = ["CLIP_FRACTION", "CLIP_LEVEL", "SILENCE", "enhance_sanity", "summary"]

SILENCE = SILENCE_PEAK
CLIP_LEVEL = 0.999
CLIP_FRACTION = 0.001


def enhance_sanity(noisy: npt.ArrayLike, enhanced: npt.ArrayLike) -> JSONObject:
    """``output_silent`` (bool), ``clipping_detected`` (bool), ``energy_ratio`` (ratio)."""
    x = np.abs(np.asarray(noisy, dtype=np.float64))
    y = np.abs(np.asarray(enhanced, dtype=np.float64))
    input_power = float(np.mean(x**2)) if x.size else 0.0
    output_power = float(np.mean(y**2)) if y.size else 0.0
    return {
        "output_silent": bool(x.size and x.max() >= SILENCE and (not y.size or y.max() < SILENCE)),
        "clipping_detected": bool(y.size and np.mean(y >= CLIP_LEVEL) > CLIP_FRACTION),
        "energy_ratio": output_power / input_power if input_power > 0 else float("nan"),
    }


def summary(per_item: Sequence[JSON]) -> JSONObject:
    """Over a corpus: how many outputs were silent or clipped, and the median energy ratio."""
    items = [_figures(p) for p in per_item]
    ratios = [_ratio(p) for p in items if math.isfinite(_ratio(p))]
    return {
        "outputs_silent": sum(bool(p["output_silent"]) for p in items),
        "outputs_clipped": sum(bool(p["clipping_detected"]) for p in items),
        "median_energy_ratio": float(np.median(ratios)) if ratios else float("nan"),
    }


def _figures(item: JSON) -> JSONObject:
    if not isinstance(item, dict):
        raise TypeError(f"per-item sanity figures={item!r}, but should be enhance_sanity's mapping")
    return item


def _ratio(figures: JSONObject) -> float:
    """An item's `energy_ratio`, as `enhance_sanity` gave it."""
    ratio = figures["energy_ratio"]
    if isinstance(ratio, bool) or not isinstance(ratio, (int, float)):
        raise TypeError(f"energy_ratio={ratio!r}, but should be a number (from enhance_sanity)")
    return float(ratio)
