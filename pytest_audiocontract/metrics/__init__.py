"""Quality metrics, one module per task (mir_eval style: `validate`, pure metric functions,
`evaluate` returning a name-to-score mapping), and the registry that maps each claim metric
name of PACK_SPEC (metric_names.py) to the function that computes it.

Modules: `text` (WER, CER; normaliser in `normalize`), `signal` (SI-SNR, STOI, PESQ),
`separation` (SDR, SIR, SAR), `music` (note F1), `classification` (accuracy, precision,
recall, F1), `events` (VAD frame F1), `embedding` (cosine, same-speaker margin).

`METRIC_FUNCTIONS[name].compute(references, outputs, inputs)` scores a dataset; `compute(name,
...)` does the same with argument checks. mir_eval, pystoi and pesq are imported only when a
metric that needs them runs.
"""

from __future__ import annotations

from pytest_audiocontract.metrics.normalize import NORMALISER_VERSION, normalize
from pytest_audiocontract.metrics.registry import METRIC_FUNCTIONS, Input, MetricSpec, compute

__all__ = ["METRIC_FUNCTIONS", "NORMALISER_VERSION", "Input", "MetricSpec", "compute", "normalize"]
