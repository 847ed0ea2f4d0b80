"""Metric names a claim may use, whether each needs a reference dataset, and its direction."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MetricInfo:
    name: str
    unit: str
    higher_is_better: bool
    needs_reference: bool


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
        MetricInfo("si_snr_improvement_db", "dB", True, True),
        MetricInfo("pesq", "MOS-LQO", True, True),
        MetricInfo("stoi", "ratio", True, True),
        MetricInfo("sdr_improvement_db", "dB", True, True),
        MetricInfo("note_f1", "ratio", True, True),
        MetricInfo("top1_accuracy", "ratio", True, True),
        MetricInfo("vad_f1", "ratio", True, True),
        MetricInfo("embedding_same_speaker_margin", "cosine", True, True),
        MetricInfo("peak_rss_mb", "MB", False, False),
    ]
}
