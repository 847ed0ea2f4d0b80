"""How each metric is shown: a short label, the unit it is displayed in, and which way is
better. Units and directions come from metric_names.METRICS; this only chooses the display
(an error-rate ratio reads as a percentage)."""

from __future__ import annotations

from dataclasses import dataclass

from pytest_audiocontract.metric_names import METRICS

# Short labels where the metric name does not read as one; the rest are derived from it.
_LABELS = {
    "wer": "WER",
    "cer": "CER",
    "der": "DER",
    "cpwer": "cpWER",
    "orcwer": "ORC WER",
    "rtf": "RTF",
    "cpu_rtf": "CPU RTF",
    "pesq": "PESQ",
    "stoi": "STOI",
    "si_snr_improvement_db": "SI-SNR gain",
    "sdr_improvement_db": "SDR gain",
    "note_f1": "note F1",
    "vad_f1": "VAD F1",
    "vad_detection_error_rate": "VAD error",
    "top1_accuracy": "top-1 acc.",
    "embedding_same_speaker_margin": "speaker margin",
    "peak_rss_mb": "peak RSS",
    "first_token_latency_ms": "first token",
    "finalize_latency_ms": "finalize",
    "partial_update_rate_hz": "partial rate",
    "dnsmos_ovrl": "DNSMOS",
    "dnsmos_sig": "DNSMOS sig",
    "dnsmos_bak": "DNSMOS bak",
}
# Ratios that are not fractions of a whole (a time per time): shown as plain numbers.
_PLAIN_RATIOS = frozenset({"rtf", "cpu_rtf"})
_SUFFIXES = ("_ms", "_db", "_hz", "_mb")


@dataclass(frozen=True)
class Display:
    label: str
    unit: str  # as shown: "%", "ms", "dB", "" for a plain ratio
    scale: float  # shown value = value * scale
    higher_is_better: bool | None  # None: no better direction (not a ranking figure)

    @property
    def arrow(self) -> str:
        return "" if self.higher_is_better is None else ("↑" if self.higher_is_better else "↓")

    @property
    def heading(self) -> str:
        """e.g. "WER % ↓": label, unit, direction."""
        return " ".join(part for part in (self.label, self.unit, self.arrow) if part)


def display(metric: str) -> Display:
    """The display of `metric`; a name METRICS does not know has no direction."""
    info = METRICS.get(metric)
    label = _LABELS.get(metric) or _derived_label(metric)
    if info is None:
        return Display(label, "", 1.0, None)
    if info.unit == "ratio" and metric not in _PLAIN_RATIOS:
        return Display(label, "%", 100.0, info.higher_is_better)
    return Display(label, info.unit if info.unit != "ratio" else "", 1.0, info.higher_is_better)


def _derived_label(metric: str) -> str:
    for suffix in _SUFFIXES:
        metric = metric.removesuffix(suffix)
    return metric.replace("_", " ")
