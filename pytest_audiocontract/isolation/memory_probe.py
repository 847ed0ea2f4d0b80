"""A pack's own memory: the peak resident set of a fresh worker that holds only its model.

The test process's high-water mark says more about the packs that ran before than about the
one measured (a 73 MB model reads 1.2 GB after a 1.2 GB one). So `peak_rss_mb`, claim and
benchmark column alike, comes from a spawned worker (the `--isolate` machinery) that loads
this one model, runs the inputs once, reports its peak and exits. Its baseline, read before
the model loads, is the interpreter and the harness: every pack's worker pays it alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pytest_audiocontract.isolation.process import IsolationLimits
from pytest_audiocontract.json_types import JSONObject

if TYPE_CHECKING:
    from pytest_audiocontract.isolation.proxy import IsolatedModel
    from pytest_audiocontract.spec.model import PackSpec

SCOPE = (
    "peak resident memory of a fresh worker process that loaded only this pack's model and "
    "ran these inputs once; baseline_rss_mb is that process before the model loaded "
    "(interpreter and harness)"
)


@dataclass(frozen=True)
class MemoryFigure:
    """MB: the worker's peak, and its resident memory before the model loaded."""

    peak_rss_mb: float
    baseline_rss_mb: float | None

    @property
    def model_rss_mb(self) -> float | None:
        """The peak less the baseline: what the model and its inputs added."""
        return None if self.baseline_rss_mb is None else self.peak_rss_mb - self.baseline_rss_mb

    def as_record(self) -> JSONObject:
        return {
            "peak_rss_mb": self.peak_rss_mb,
            "baseline_rss_mb": self.baseline_rss_mb,
            "model_rss_mb": self.model_rss_mb,
            "memory_scope": SCOPE,
        }


def probe_memory(
    spec: PackSpec,
    variant: str,
    device: str,
    run: Callable[[IsolatedModel], object],
    limits: IsolationLimits | None = None,
) -> MemoryFigure:
    """Start a worker for (pack, variant, device), call `run(model)` once, read its peak, stop it."""
    from pytest_audiocontract.isolation.proxy import isolated_model

    model = isolated_model(spec, variant, device, limits or IsolationLimits())
    try:
        run(model)
        found = model.worker_usage()
    finally:
        model.close_worker()
    return MemoryFigure(float(found["peak_rss_mb"]), found["baseline_rss_mb"])
