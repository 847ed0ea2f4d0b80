"""Which function computes each claim metric that needs a reference (PACK_SPEC metric names).

Every entry has one signature, ``compute(references, outputs, inputs) -> float``, over a
dataset of N items: `references[i]` is the item's reference (its kind is in
`MetricSpec.reference`), `outputs[i]` what the model's surface method returned for it (the
result type), and `inputs[i]` the ``(audio, sr)`` that went in. Per-item scores are averaged
(mean over items) for the signal metrics; the text, note, frame and label metrics pool their
counts over the corpus (see each module). Metrics measured without a reference (rtf, the
latencies, peak_rss_mb) belong to the benchmarks, not here.

The emission metrics (asr_stream, metrics/emission.py) are the one exception to "what the
surface method returned": `outputs[i]` is the `StreamRun` the stream driver recorded for the
item in paced mode, and `references[i]` its word timings; the words of all items are pooled.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from pytest_audiocontract.audio.resample import resample
from pytest_audiocontract.metric_names import EMISSION_METRICS, METRICS
from pytest_audiocontract.metrics import (
    classification,
    diarization,
    embedding,
    emission,
    events,
    mos,
    music,
    separation,
    signal,
    text,
)
from pytest_audiocontract.streaming.driver import StreamRun
from pytest_audiocontract.types import (
    AudioArray,
    Classification,
    Diarization,
    Embedding,
    Enhanced,
    Note,
    Notes,
    Speech,
    SpeechRegions,
    Stems,
    Transcript,
)

__all__ = ["METRIC_FUNCTIONS", "Input", "MetricSpec", "compute"]

Input = tuple[AudioArray, int]
WordRows = Sequence[emission.WordTiming | Sequence[object]]  # an item's `words`: [word, start_s, end_s]
# Each metric takes its own reference and result types (str and Transcript for wer, Notes for
# note_f1, ...) and the registry holds them all: typing cannot say "the types its metric
# names", so the references and outputs stay untyped here.
Compute = Callable[[Sequence[Any], Sequence[Any], Sequence[Input]], float]


@dataclass(frozen=True)
class MetricSpec:
    """A claim metric: the surface whose outputs it scores and what a reference item is."""

    name: str
    surface: str
    reference: str
    compute: Compute


def compute(
    name: str, references: Sequence[object], outputs: Sequence[object], inputs: Sequence[Input]
) -> float:
    """Compute metric `name` over a dataset (see the module docstring for the arguments)."""
    info = METRICS.get(name)
    if name not in METRIC_FUNCTIONS and info is not None and info.compute is not None:  # a plugin's
        return info.compute(references, outputs, inputs)
    if name not in METRIC_FUNCTIONS:
        raise ValueError(
            f"metric={name!r}, but should be one of {sorted(METRIC_FUNCTIONS)} "
            "(metrics without a reference are measured by the benchmarks)"
        )
    if not len(references) == len(outputs) == len(inputs):
        raise ValueError(
            f"{name}: got {len(references)} references, {len(outputs)} outputs and "
            f"{len(inputs)} inputs, but should get one of each per dataset item"
        )
    return METRIC_FUNCTIONS[name].compute(references, outputs, inputs)


def _texts(outputs: Sequence[Transcript | str]) -> list[str]:
    return [o if isinstance(o, str) else o.text for o in outputs]


def _wer(refs: Sequence[str], outputs: Sequence[Transcript], _: Sequence[Input]) -> float:
    return text.wer(refs, _texts(outputs))


def _cer(refs: Sequence[str], outputs: Sequence[Transcript], _: Sequence[Input]) -> float:
    return text.cer(refs, _texts(outputs))


def _at_input_rate(output: Enhanced, sr: int) -> AudioArray:
    return resample(np.asarray(output.audio, dtype=np.float32), output.sr, sr)


def _mean_over_items(
    score: Callable[[AudioArray, AudioArray, AudioArray, int], float],
) -> Compute:
    def mean(refs: Sequence[npt.ArrayLike], outputs: Sequence[Enhanced], inputs: Sequence[Input]) -> float:
        values = [
            score(np.asarray(ref), audio, _at_input_rate(out, sr), sr)
            for ref, out, (audio, sr) in zip(refs, outputs, inputs, strict=True)
        ]
        return float(np.mean(values))

    return mean


def _sdr_improvement(
    refs: Sequence[Mapping[str, AudioArray]], outputs: Sequence[Stems], inputs: Sequence[Input]
) -> float:
    values = []
    for ref, out, (mixture, sr) in zip(refs, outputs, inputs, strict=True):
        stems = {name: resample(out.stems[name], out.sr, sr) for name in ref if name in out.stems}
        values.append(np.mean(list(separation.sdr_improvement(ref, mixture, stems).values())))
    return float(np.mean(values))


def _note_f1(refs: Sequence[Notes | Sequence[Note]], outputs: Sequence[Notes], _: Sequence[Input]) -> float:
    reference_notes = [r.notes if isinstance(r, Notes) else list(r) for r in refs]
    return music.note_scores(reference_notes, [o.notes for o in outputs])[2]


def _top1(refs: Sequence[str], outputs: Sequence[Classification], _: Sequence[Input]) -> float:
    # An empty label list is a wrong answer, never a crash.
    predicted = [max(o.labels, key=lambda label: label.score).name if o.labels else "" for o in outputs]
    return classification.top1_accuracy(refs, predicted)


def _vad_f1(
    refs: Sequence[events.Regions], outputs: Sequence[SpeechRegions], inputs: Sequence[Input]
) -> float:
    durations = [audio.size / sr for audio, sr in inputs]
    return events.vad_scores(refs, [o.regions for o in outputs], durations)[2]


def _vad_detection_error(
    refs: Sequence[events.Regions], outputs: Sequence[SpeechRegions], inputs: Sequence[Input]
) -> float:
    durations = [audio.size / sr for audio, sr in inputs]
    return events.detection_error_rate(refs, [o.regions for o in outputs], durations)


def _margin(refs: Sequence[str], outputs: Sequence[Embedding], _: Sequence[Input]) -> float:
    return embedding.same_speaker_margin([o.vector for o in outputs], refs)


def _der(
    refs: Sequence[Sequence[tuple[float, float, str]]],
    outputs: Sequence[Diarization],
    inputs: Sequence[Input],
) -> float:
    durations = [audio.size / sr for audio, sr in inputs]
    return diarization.der(refs, [o.turns for o in outputs], durations)


def attributed_texts(transcript: Transcript) -> dict[str, str]:
    """Speaker -> text of a speaker-attributed transcript; a transcript without speakers on its
    segments is one unnamed speaker's, and unlabelled segments beside labelled ones are "?"'s."""
    if not any(s.speaker is not None for s in transcript.segments):
        return {"?": transcript.text}
    return diarization.speaker_texts([(s.start, s.speaker or "?", s.text) for s in transcript.segments])


def _orcwer(refs: Sequence[Sequence[str]], outputs: Sequence[Transcript], _: Sequence[Input]) -> float:
    return diarization.orcwer(refs, [attributed_texts(o) for o in outputs])


def _cpwer(refs: Sequence[Mapping[str, str]], outputs: Sequence[Transcript], _: Sequence[Input]) -> float:
    return diarization.cpwer(refs, [attributed_texts(o) for o in outputs])


def _emission(name: str) -> Compute:
    def figure(refs: Sequence[WordRows], runs: Sequence[StreamRun], _: Sequence[Input]) -> float:
        result = emission.pooled(
            [emission.word_emissions(run, emission.timings(ref)) for ref, run in zip(refs, runs, strict=True)]
        )
        figures = emission.emission_figures(result)
        if name not in figures:
            raise ValueError(
                f"{name}: none of the {result.reference_words} reference words of {len(runs)} "
                "stream runs was recognised, so there is no latency to report"
            )
        return figures[name]

    return figure


def _dnsmos(name: str) -> Compute:
    def mean(_: Sequence[object], outputs: Sequence[Speech | Enhanced], __: Sequence[Input]) -> float:
        clips = [(np.asarray(o.audio, dtype=np.float32), int(o.sr)) for o in outputs]
        return mos.evaluate(clips)[name]

    return mean


# The compute function of each metric measured against a reference (metric_names.METRICS
# holds the rest of what is known about each: its surfaces, its reference, its unit).
_COMPUTE: dict[str, Compute] = {
    "wer": _wer,
    "cer": _cer,
    "si_snr_improvement_db": _mean_over_items(
        lambda ref, noisy, out, sr: signal.si_snr_improvement(ref, noisy, out)
    ),
    "pesq": _mean_over_items(lambda ref, noisy, out, sr: signal.pesq(ref, out, sr)),
    "stoi": _mean_over_items(lambda ref, noisy, out, sr: signal.stoi(ref, out, sr)),
    "sdr_improvement_db": _sdr_improvement,
    "note_f1": _note_f1,
    "top1_accuracy": _top1,
    "vad_f1": _vad_f1,
    "vad_detection_error_rate": _vad_detection_error,
    "embedding_same_speaker_margin": _margin,
    "der": _der,
    "cpwer": _cpwer,
    "orcwer": _orcwer,
    **{name: _dnsmos(name) for name in mos.DNSMOS_METRICS},
    **{name: _emission(name) for name in EMISSION_METRICS},
}

METRIC_FUNCTIONS: dict[str, MetricSpec] = {
    info.name: MetricSpec(info.name, info.surfaces[0], info.reference, _COMPUTE[info.name])
    for info in METRICS.values()
    if info.measured_by == "reference" and info.compute is None  # a plugin's brings its own
}
