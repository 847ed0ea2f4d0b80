"""The quality figure of a benchmark run: the claimed quality metrics, computed on the
outputs of the last timed round (so speed and quality come from the same calls)."""

from __future__ import annotations

from collections.abc import Sequence

from pytest_audiocontract.bench.inputs import BenchInput
from pytest_audiocontract.metrics.normalize import NORMALISER_VERSION
from pytest_audiocontract.metrics.registry import compute
from pytest_audiocontract.spec.datasets import Item
from pytest_audiocontract.types import AudioArray, Note


def quality(
    bench_input: BenchInput, outputs: Sequence[object], stems: Sequence[str] = ()
) -> dict[str, float | str]:
    """Metric name -> value for each quality metric claimed on the input's dataset; a metric
    that cannot be computed gives `"<metric>_error"` with the reason instead of failing the
    benchmark. Text metrics add `"normaliser"` (the text normaliser's version)."""
    found: dict[str, float | str] = {}
    for metric in bench_input.quality_metrics:
        try:
            refs = [_reference(metric, bench_input, item, stems) for item in bench_input.items]
            found[metric] = float(compute(metric, refs, list(outputs), bench_input.audio))
        except Exception as exc:  # a broken reference must not hide the timing
            found[f"{metric}_error"] = f"{type(exc).__name__}: {exc}"
        if metric in ("wer", "cer"):
            found["normaliser"] = NORMALISER_VERSION
    return found


def _reference(metric: str, bench_input: BenchInput, item: Item, stems: Sequence[str]) -> object:
    """The item's reference for `metric`, of the type that metric's compute takes."""
    dataset = bench_input.dataset
    assert dataset is not None
    if metric in ("wer", "cer"):
        return item.text or ""
    if metric in ("si_snr_improvement_db", "pesq", "stoi"):
        return dataset.audio(str(item.clean))[0]
    if metric == "sdr_improvement_db":
        sources: dict[str, AudioArray] = {
            name: dataset.audio(path)[0] for name, path in (item.sources or {}).items() if name in stems
        }
        return sources
    if metric == "note_f1":
        return [
            Note(onset=float(a), offset=float(b), pitch=int(p), velocity=1.0) for a, b, p in item.notes or []
        ]
    if metric == "top1_accuracy":
        return item.label
    if metric == "vad_f1":
        return item.regions or []
    raise ValueError(
        f"metric={metric!r}, but a benchmark computes only per-item metrics "
        "(wer, cer, the enhancement and separation metrics, note_f1, "
        "top1_accuracy, vad_f1)"
    )
