"""The claim metrics: one `MetricInfo` per metric, every fact about it written here once.

Other modules derive what they need from `METRICS`: the claims schema's metric enum, which
surfaces a claim may measure a metric on (spec/loader.py), the reference-based compute
functions (metrics/registry.py pairs each `measured_by="reference"` metric with one), the
claim-leak gate's metric words (lint_claims.py) and the optional libraries a metric needs.
This module imports nothing: the option definitions and the schema read it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

# How a metric's figure is measured (gates/measure.py dispatches on it).
MEASURED_BY = ("reference", "rounds", "stream", "memory")


@dataclass(frozen=True)
class MetricInfo:
    """A claim metric.

    `surfaces`: where a claim may measure it (empty: on any surface); the first is the
    surface whose outputs the compute function scores. `measured_by`: "reference" (a compute
    function over a dataset, metrics/registry.py), "rounds" (timed rounds), "stream" (the
    stream driver's record) or "memory" (a fresh worker's peak RSS). `reference`: what one
    dataset item's reference is. `words`: regular expressions (case-insensitive) for the
    words by which docs state this metric's figure (the claim-leak gate). `libraries`:
    modules beyond the core install that computing it imports (the metrics extra).
    `compute`: `compute(references, outputs, inputs) -> float`, given by a plugin's metric
    (hookspecs.pytest_audiocontract_metrics); the built-in ones are in metrics/registry.py."""

    name: str
    unit: str
    higher_is_better: bool
    needs_reference: bool
    surfaces: tuple[str, ...] = ()
    measured_by: str = "reference"
    reference: str = ""
    words: tuple[str, ...] = ()
    libraries: tuple[str, ...] = ()
    compute: Callable[..., float] | None = field(default=None, compare=False)

    @property
    def direction(self) -> str:
        """ "higher" or "lower": which way the figure is better."""
        return "higher" if self.higher_is_better else "lower"


EMISSION_STATS = ("p50", "p90", "p99", "mean")

# Words that several metrics share in the claim-leak gate.
_LATENCY = r"latenc(?:y|ies)"
_FIRST_TOKEN = r"first[- ](?:token|word|partial)"
_EMISSION = r"emission|premature|unfinali[sz]ed"
_F1 = r"\bF1\b|F-measure|F-score"
_MOS = r"\bDNSMOS\b|\bMOS\b"

_TEXT = "transcript text (str)"
_CLEAN = "clean speech at the input rate (float32 1-D)"
_REGIONS = "speech regions in seconds (list of (start, end))"
_WORD_TIMINGS = "word timings (list of [word, start_s, end_s]); outputs are paced StreamRuns"
_NO_REFERENCE = "none: reference-free (the output audio alone)"


def _emission(name: str, unit: str, *words: str) -> MetricInfo:
    """A figure of metrics/emission.py: against the words themselves, so it needs a dataset
    with word timings."""
    return MetricInfo(
        name, unit, False, True, ("asr_stream",), reference=_WORD_TIMINGS, words=(_EMISSION, *words)
    )


def _dnsmos(name: str) -> MetricInfo:
    # DNSMOS needs no reference signal, but a dataset: the texts (tts) or clips (enhance).
    return MetricInfo(name, "MOS", True, True, ("tts", "enhance"), reference=_NO_REFERENCE, words=(_MOS,))


METRICS: dict[str, MetricInfo] = {
    m.name: m
    for m in [
        MetricInfo(
            "wer",
            "ratio",
            False,
            True,
            ("asr", "asr_stream", "tts"),
            reference=_TEXT,
            words=(r"\bWERs?\b|word[- ]error",),
        ),
        MetricInfo(
            "cer",
            "ratio",
            False,
            True,
            ("asr", "asr_stream", "tts"),
            reference=_TEXT,
            words=(r"\bCERs?\b|character[- ]error",),
        ),
        MetricInfo(  # wall seconds per second of audio
            "rtf",
            "ratio",
            False,
            False,
            measured_by="rounds",
            words=(r"\bRTFx?\b|real[- ]time[- ]factor|(?:x|times)\s+(?:faster\s+than\s+)?real[- ]time",),
        ),
        MetricInfo("cpu_rtf", "ratio", False, False, measured_by="rounds"),  # CPU seconds per second of audio
        MetricInfo(
            "first_token_latency_ms",
            "ms",
            False,
            False,
            ("asr_stream",),
            measured_by="stream",
            words=(_FIRST_TOKEN, _LATENCY),
        ),
        MetricInfo(
            "finalize_latency_ms",
            "ms",
            False,
            False,
            ("asr_stream",),
            measured_by="stream",
            words=(r"finali[sz](?:e|ation)[- ]latency", _LATENCY),
        ),
        MetricInfo(
            "partial_update_rate_hz",
            "Hz",
            True,
            False,
            ("asr_stream",),
            measured_by="stream",
            words=(r"partial[- ]update|updates?\s+per\s+second",),
        ),
        *(_emission(f"emission_latency_{s}_ms", "ms", _LATENCY) for s in EMISSION_STATS),
        _emission("partial_latency_p50_ms", "ms", _LATENCY, _FIRST_TOKEN),
        *(_emission(f"partial_latency_{s}_ms", "ms", _LATENCY) for s in EMISSION_STATS[1:]),
        _emission("emission_unfinalised_share", "ratio", _LATENCY),
        _emission("emission_premature_words", "words", _LATENCY),
        _emission("first_token_from_onset_ms", "ms", _LATENCY, _FIRST_TOKEN),
        MetricInfo(
            "si_snr_improvement_db",
            "dB",
            True,
            True,
            ("enhance",),
            reference="clean audio at the input rate (float32 1-D)",
            words=(r"SI-?SNRi?\b",),
        ),
        MetricInfo(
            "pesq",
            "MOS-LQO",
            True,
            True,
            ("enhance",),
            reference=_CLEAN,
            words=(r"\bPESQ\b",),
            libraries=("pesq",),
        ),
        MetricInfo(
            "stoi",
            "ratio",
            True,
            True,
            ("enhance",),
            reference=_CLEAN,
            words=(r"\bSTOI\b",),
            libraries=("pystoi",),
        ),
        MetricInfo(
            "sdr_improvement_db",
            "dB",
            True,
            True,
            ("separate",),
            reference="stem name -> source audio at the input rate (dict of float32 1-D)",
            words=(r"\bSDRi?\b",),
            libraries=("mir_eval",),
        ),
        MetricInfo(
            "note_f1",
            "ratio",
            True,
            True,
            ("music_transcription",),
            reference="reference notes (list[Note])",
            words=(_F1,),
            libraries=("mir_eval",),
        ),
        MetricInfo(
            "top1_accuracy",
            "ratio",
            True,
            True,
            ("classify",),
            reference="true label name (str)",
            words=(r"\baccura(?:cy|te)\b",),
        ),
        MetricInfo("vad_f1", "ratio", True, True, ("vad",), reference=_REGIONS, words=(_F1,)),
        MetricInfo(
            "vad_detection_error_rate",
            "ratio",
            False,
            True,
            ("vad",),
            reference=_REGIONS,
            words=(r"detection[- ]error",),
        ),
        MetricInfo(
            "embedding_same_speaker_margin",
            "cosine",
            True,
            True,
            ("embed",),
            reference="speaker id (str)",
            words=(r"same[- ]speaker\s+margin",),
        ),
        MetricInfo(
            "peak_rss_mb",
            "MB",
            False,
            False,
            measured_by="memory",
            words=(r"\bRSS\b|peak\s+memory|memory\s+(?:use|usage|footprint)",),
        ),
        MetricInfo(  # diarization error rate
            "der",
            "ratio",
            False,
            True,
            ("diarize",),
            reference="reference turns (list of (start_s, end_s, speaker))",
            words=(r"\bDERs?\b|diari[sz]ation[- ]error",),
        ),
        MetricInfo(  # speaker-attributed WER
            "cpwer",
            "ratio",
            False,
            True,
            ("asr",),
            reference="speaker -> that speaker's words in time order (dict)",
            words=(r"\bcpWERs?\b|speaker[- ]attributed\s+WER",),
        ),
        MetricInfo(  # WER with each utterance on its best speaker
            "orcwer",
            "ratio",
            False,
            True,
            ("asr",),
            reference="the clip's utterances in time order (list)",
            words=(r"\bORC[- ]?WERs?\b",),
        ),
        _dnsmos("dnsmos_ovrl"),
        _dnsmos("dnsmos_sig"),
        _dnsmos("dnsmos_bak"),
    ]
}


def add_metrics(added: Iterable[MetricInfo]) -> tuple[str, ...]:
    """Register plugins' metrics for one run (RunState removes them at its end); returns
    their names. Raises ValueError saying what is wrong with one."""
    names = []
    for info in added:
        where = f"pytest_audiocontract_metrics returned metric {info.name!r}"
        if info.name in METRICS:
            raise ValueError(f"{where}, but a metric of that name exists; give it another name")
        if info.compute is None or info.measured_by != "reference" or not info.surfaces:
            raise ValueError(
                f"{where} with compute={info.compute!r}, measured_by={info.measured_by!r}, "
                f"surfaces={info.surfaces!r}, but should give a compute function, "
                'measured_by="reference" and the surfaces it is measured on'
            )
        METRICS[info.name] = info
        names.append(info.name)
    return tuple(names)


def remove_metrics(names: Iterable[str]) -> None:
    for name in names:
        METRICS.pop(name, None)


# The figures of metrics/emission.py that claims may use (all need word timings).
EMISSION_METRICS: tuple[str, ...] = tuple(
    name
    for name in METRICS
    if name.startswith(("emission_", "partial_latency_")) or name == "first_token_from_onset_ms"
)


# The modules a metric's figure is computed with, beyond the core install (the `metrics` extra).
METRIC_LIBRARIES: dict[str, tuple[str, ...]] = {m.name: m.libraries for m in METRICS.values() if m.libraries}
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
