"""Metric names a claim may use, whether each needs a reference dataset, and its direction."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MetricInfo:
    name: str
    unit: str
    higher_is_better: bool
    needs_reference: bool


EMISSION_STATS = ("p50", "p90", "p99", "mean")

METRICS: dict[str, MetricInfo] = {
    m.name: m
    for m in [
        MetricInfo("wer", "ratio", False, True),
        MetricInfo("cer", "ratio", False, True),
        MetricInfo("rtf", "ratio", False, False),  # wall seconds per second of audio
        MetricInfo("cpu_rtf", "ratio", False, False),  # CPU seconds per second of audio
        MetricInfo("first_token_latency_ms", "ms", False, False),
        MetricInfo("finalize_latency_ms", "ms", False, False),
        MetricInfo("partial_update_rate_hz", "Hz", True, False),
        # Against the words themselves (metrics/emission.py): need a dataset with word timings.
        *(MetricInfo(f"emission_latency_{s}_ms", "ms", False, True) for s in EMISSION_STATS),
        *(MetricInfo(f"partial_latency_{s}_ms", "ms", False, True) for s in EMISSION_STATS),
        MetricInfo("emission_unfinalised_share", "ratio", False, True),
        MetricInfo("emission_premature_words", "words", False, True),
        MetricInfo("first_token_from_onset_ms", "ms", False, True),
        MetricInfo("si_snr_improvement_db", "dB", True, True),
        MetricInfo("pesq", "MOS-LQO", True, True),
        MetricInfo("stoi", "ratio", True, True),
        MetricInfo("sdr_improvement_db", "dB", True, True),
        MetricInfo("note_f1", "ratio", True, True),
        MetricInfo("top1_accuracy", "ratio", True, True),
        MetricInfo("vad_f1", "ratio", True, True),
        MetricInfo("vad_detection_error_rate", "ratio", False, True),
        MetricInfo("embedding_same_speaker_margin", "cosine", True, True),
        MetricInfo("peak_rss_mb", "MB", False, False),
        MetricInfo("der", "ratio", False, True),  # diarization error rate
        MetricInfo("cpwer", "ratio", False, True),  # speaker-attributed WER
        MetricInfo("orcwer", "ratio", False, True),  # WER with each utterance on its best speaker
        # DNSMOS needs no reference signal, but a dataset: the texts (tts) or clips (enhance).
        MetricInfo("dnsmos_ovrl", "MOS", True, True),
        MetricInfo("dnsmos_sig", "MOS", True, True),
        MetricInfo("dnsmos_bak", "MOS", True, True),
    ]
}

# The figures of metrics/emission.py that claims may use (all need word timings).
EMISSION_METRICS: tuple[str, ...] = tuple(
    name
    for name in METRICS
    if name.startswith(("emission_", "partial_latency_")) or name == "first_token_from_onset_ms"
)


# The modules a metric's figure is computed with, beyond the core install (the `metrics` extra).
METRIC_LIBRARIES: dict[str, tuple[str, ...]] = {
    "note_f1": ("mir_eval",),
    "sdr_improvement_db": ("mir_eval",),
    "pesq": ("pesq",),
    "stoi": ("pystoi",),
}
METRICS_EXTRA_HINT = "pip install 'pytest-audiocontract[metrics]'"


def missing_metric_library(metric: str) -> str | None:
    """Why `metric` cannot be computed here (a library of the metrics extra is missing), or None.

    The library is imported, not only looked up: an installed but broken one counts as missing."""
    import importlib

    for module in METRIC_LIBRARIES.get(metric, ()):
        try:
            importlib.import_module(module)
        except ImportError as exc:
            return (
                f"{metric} needs the {module!r} package, which cannot be imported ({exc}); "
                f"install the metrics extra: {METRICS_EXTRA_HINT}"
            )
    return None
