"""Measure one claim: run the surface over its inputs and compute the claimed metric.

Quality metrics go through `pytest_audiocontract.metrics.registry` on a fixture dataset; speed
metrics are medians over rounds after a warm-up (see speed.py); streaming latencies come from
the stream driver, the emission latencies from paced streams timed against the dataset's word
timings (metrics/emission.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar, cast

import numpy as np

from pytest_audiocontract.contracts.binding import Binding
from pytest_audiocontract.gates import sources, speed
from pytest_audiocontract.json_types import JSON, JSONObject
from pytest_audiocontract.metric_names import EMISSION_METRICS, METRICS
from pytest_audiocontract.metrics import diarization, embedding, events, mos, sanity
from pytest_audiocontract.metrics.normalize import NORMALISER_VERSION
from pytest_audiocontract.metrics.registry import attributed_texts, compute
from pytest_audiocontract.protocols import AsrStreamModel, EmbedModel, TtsModel
from pytest_audiocontract.spec.dataset_hash import content_hash
from pytest_audiocontract.spec.datasets import Dataset, Item
from pytest_audiocontract.spec.model import Claim, Facts
from pytest_audiocontract.surfaces import SURFACES
from pytest_audiocontract.types import (
    AudioArray,
    Diarization,
    Enhanced,
    Note,
    Speech,
    SpeechRegions,
    Transcript,
)

if TYPE_CHECKING:
    from pytest_audiocontract.isolation import IsolationLimits
    from pytest_audiocontract.streaming.driver import StreamRun

Input = tuple[AudioArray, int]
R = TypeVar("R")
STREAM_METRICS = tuple(name for name, info in METRICS.items() if info.measured_by == "stream")


class ClaimNotMeasurable(Exception):
    """The claim cannot be measured as written (says why and what to change)."""


@dataclass
class Measurement:
    value: float
    details: JSONObject = field(default_factory=dict)


@dataclass
class ClaimContext:
    claim: Claim
    binding: Binding
    dataset: Dataset | None
    via: Callable[[], Binding] | None = None  # the asr pack of a tts round trip
    chunk_ms: float = 160.0
    limits: IsolationLimits | None = None  # of the memory worker (None: the defaults)
    clock: Callable[[], float] = time.perf_counter  # paced streams (tests inject a fake one)
    sleep: Callable[[float], None] = time.sleep
    # One run's paced passes, shared by a pack's emission claims on one dataset (RunState)
    paced_runs: dict[tuple[str, str, float], list[StreamRun]] = field(default_factory=dict)

    @property
    def model(self) -> object:
        """The pack's model object: its own code. `speaker`, `streamer` and `_run_as` take it
        to offer the surface the claim names (the loader checks the pack declares it)."""
        return self.binding.model

    @property
    def speaker(self) -> TtsModel:
        return cast(TtsModel, self.binding.model)

    @property
    def streamer(self) -> AsrStreamModel:
        return cast(AsrStreamModel, self.binding.model)

    @property
    def facts(self) -> Facts:
        return self.binding.spec.facts(self.claim.surface)


def measure(ctx: ClaimContext) -> Measurement:
    """Measure the claim; a measurement on a dataset records its name, size and content hash."""
    measured = _measure(ctx)
    if ctx.dataset is not None:
        measured.details.setdefault("dataset", ctx.dataset.name)
        measured.details.setdefault("n_items", len(ctx.dataset))
        measured.details.setdefault("dataset_sha256", content_hash(ctx.dataset))
    return measured


def _measure(ctx: ClaimContext) -> Measurement:
    metric = ctx.claim.metric
    measured_by = METRICS[metric].measured_by
    if measured_by == "rounds":
        return _rtf(ctx)
    if measured_by == "memory":
        return _peak_rss(ctx)
    if measured_by == "stream":
        return _stream_metric(ctx)
    if ctx.dataset is None:
        raise ClaimNotMeasurable(f"{metric} needs a reference: give the claim a dataset")
    return _QUALITY.get(metric, _plugin_metric)(ctx)


def run_surface(model: object, surface: str, audio: AudioArray, sr: int, chunk_ms: float) -> object:
    """One input through one surface, the way a user calls it (streams driven chunk by chunk)."""
    if surface == "asr_stream":
        from pytest_audiocontract.streaming.driver import drive_stream

        return drive_stream(cast(AsrStreamModel, model), audio, sr, chunk_ms=chunk_ms).transcript
    result: object = getattr(model, SURFACES[surface].method)(audio, sr)
    return result


def _run(ctx: ClaimContext, audio: AudioArray, sr: int) -> object:
    return run_surface(ctx.model, ctx.claim.surface, audio, sr, ctx.chunk_ms)


def _run_as(ctx: ClaimContext, audio: AudioArray, sr: int, kind: type[R]) -> R:
    """`_run`, whose result is `kind`, the claim's surface's result type (the contracts check it)."""
    return cast(R, _run(ctx, audio, sr))


def _audio_inputs(ctx: ClaimContext) -> list[Input]:
    if ctx.dataset is None:
        return sources.synthetic_inputs(sources.native_rate(ctx.facts))
    return [ctx.dataset.audio(_main_file(item)) for item in ctx.dataset]


def _main_file(item: Item) -> str:
    path = item.file or item.a
    if path is None:
        raise ClaimNotMeasurable(f"dataset item {item.id!r} has no audio file")
    return str(path)


def _inputs_label(ctx: ClaimContext) -> str:
    if ctx.dataset is not None:
        return f"dataset {ctx.dataset.name} ({len(ctx.dataset)} items)"
    seconds = "/".join(f"{s:g}" for s in sources.SYNTHETIC_SECONDS)
    if ctx.claim.surface == "tts":
        return f"{len(sources.SYNTHETIC_TEXTS)} built-in sentences"
    return f"synthetic bursts of {seconds} s at {sources.native_rate(ctx.facts)} Hz"


def _peak_rss(ctx: ClaimContext) -> Measurement:
    """Measured in a fresh worker holding only this model (isolation/memory_probe.py)."""
    from pytest_audiocontract.isolation.memory_probe import probe_memory

    surface, chunk_ms = ctx.claim.surface, ctx.chunk_ms
    if surface == "tts":
        texts = [i.text for i in ctx.dataset if i.text] if ctx.dataset else list(sources.SYNTHETIC_TEXTS)

        def run(model: object) -> object:
            return [cast(TtsModel, model).synthesize(t) for t in texts]

    else:
        inputs = _audio_inputs(ctx)

        def run(model: object) -> object:
            return [run_surface(model, surface, audio, sr, chunk_ms) for audio, sr in inputs]

    binding = ctx.binding
    figure = probe_memory(binding.spec, binding.variant, binding.device, run, ctx.limits)
    return Measurement(figure.peak_rss_mb, {"inputs": _inputs_label(ctx), **figure.as_record()})


def _rtf(ctx: ClaimContext) -> Measurement:
    """`rtf` is wall seconds per audio second, `cpu_rtf` CPU seconds; both are recorded."""
    cpu_clock = speed.cpu_clock_for(ctx.model)
    if ctx.claim.surface == "tts":
        texts = [i.text for i in ctx.dataset if i.text] if ctx.dataset else list(sources.SYNTHETIC_TEXTS)

        def speak_all() -> float:
            made = [ctx.speaker.synthesize(t) for t in texts]
            return float(sum(s.audio.size / s.sr for s in made))

        timing = speed.time_rounds(speak_all, cpu_clock=cpu_clock)
    else:
        inputs = _audio_inputs(ctx)

        def run_all() -> float:
            for audio, sr in inputs:
                _run(ctx, audio, sr)
            return sources.duration(inputs)

        timing = speed.time_rounds(run_all, cpu_clock=cpu_clock)
    value = timing.cpu_rtf if ctx.claim.metric == "cpu_rtf" else timing.rtf
    return Measurement(value, {"inputs": _inputs_label(ctx), **timing.figures()})


def _stream_metric(ctx: ClaimContext) -> Measurement:
    from pytest_audiocontract.streaming.driver import drive_stream

    inputs = _audio_inputs(ctx)
    drive_stream(ctx.streamer, *inputs[0], chunk_ms=ctx.chunk_ms)  # warm-up
    values = []
    for audio, sr in inputs:
        run = drive_stream(ctx.streamer, audio, sr, chunk_ms=ctx.chunk_ms)
        value = getattr(run, ctx.claim.metric)
        if value is not None:
            values.append(float(value))
    if not values:
        raise ClaimNotMeasurable(
            f"no input gave a {ctx.claim.metric} (no text came out of "
            f"{_inputs_label(ctx)}); measure it on a speech dataset"
        )
    return Measurement(
        speed.median(values),
        {"inputs": _inputs_label(ctx), "chunk_ms": ctx.chunk_ms, "per_input": [*values], "paced": False},
    )


def _emission_metric(ctx: ClaimContext) -> Measurement:
    """Every item with word timings, streamed in paced mode (chunks on the audio clock: takes
    as long as the audio lasts), after one unpaced warm-up stream. A pack's emission claims on
    one dataset and chunk length share one paced pass (`ctx.paced_runs`)."""
    from pytest_audiocontract.metrics import emission
    from pytest_audiocontract.streaming.driver import drive_stream

    assert ctx.dataset is not None
    items = [i for i in ctx.dataset if i.words]
    if not items:
        raise ClaimNotMeasurable(
            f"{ctx.claim.metric} times words against their ends in the audio, but no item of "
            f"dataset {ctx.dataset.name} has `words` (word timings); use speech_en or add them "
            "(fixtures/build.py aligns them)"
        )
    inputs = [ctx.dataset.audio(_main_file(i)) for i in items]
    key = (ctx.binding.label, str(ctx.dataset.root), ctx.chunk_ms)
    if key not in ctx.paced_runs:
        drive_stream(ctx.streamer, *inputs[0], chunk_ms=ctx.chunk_ms)  # warm-up
        clock, sleep = ctx.clock, ctx.sleep
        ctx.paced_runs[key] = [
            drive_stream(ctx.streamer, a, sr, ctx.chunk_ms, paced=True, clock=clock, sleep=sleep)
            for a, sr in inputs
        ]
    runs = ctx.paced_runs[key]
    refs = [i.words or [] for i in items]
    try:
        value = compute(ctx.claim.metric, refs, runs, inputs)
    except ValueError as exc:
        raise ClaimNotMeasurable(str(exc)) from None
    timed = [emission.word_emissions(r, emission.timings(w)) for r, w in zip(runs, refs, strict=True)]
    result = emission.pooled(timed)
    return Measurement(
        value,
        {
            "paced": True,
            "chunk_ms": ctx.chunk_ms,
            "normaliser": NORMALISER_VERSION,
            "n_items": len(items),
            **emission.emission_figures(result),
            "reference_words": result.reference_words,
        },
    )


def _text_metric(ctx: ClaimContext) -> Measurement:
    assert ctx.dataset is not None
    items = [i for i in ctx.dataset if i.text is not None]
    refs = [str(i.text) for i in items]
    if ctx.claim.surface == "tts":
        if ctx.via is None:
            raise ClaimNotMeasurable("a tts wer/cer claim needs `via: ASR_PACK_ID`")
        asr = ctx.via()
        spoken: list[Speech] = [ctx.speaker.synthesize(text) for text in refs]
        inputs = [(np.asarray(s.audio, dtype=np.float32), s.sr) for s in spoken]
        outputs: list[object] = [run_surface(asr.model, "asr", a, sr, ctx.chunk_ms) for a, sr in inputs]
        via = {"via": asr.label}
    else:
        inputs = [ctx.dataset.audio(_main_file(i)) for i in items]
        outputs = [_run(ctx, a, sr) for a, sr in inputs]
        via = {}
    value = compute(ctx.claim.metric, refs, outputs, inputs)
    hyps = [getattr(o, "text", "") for o in outputs]
    return Measurement(
        value,
        {
            "normaliser": NORMALISER_VERSION,
            "n_items": len(items),
            **via,
            "transcripts": [
                {"id": i.id, "reference": r, "hypothesis": h}
                for i, r, h in zip(items, refs, hyps, strict=True)
            ],
        },
    )


def _enhance_metric(ctx: ClaimContext) -> Measurement:
    assert ctx.dataset is not None
    refs, outputs, inputs = [], [], []
    for item in ctx.dataset:
        noisy, sr = ctx.dataset.audio(_main_file(item))
        clean, clean_sr = ctx.dataset.audio(str(item.clean))
        if clean_sr != sr:
            raise ClaimNotMeasurable(f"item {item.id}: clean reference at {clean_sr} Hz, input at {sr} Hz")
        refs.append(clean)
        inputs.append((noisy, sr))
        outputs.append(_run_as(ctx, noisy, sr, Enhanced))
    checks: list[JSON] = [
        {"id": item.id, **sanity.enhance_sanity(noisy, out.audio)}
        for item, (noisy, _), out in zip(ctx.dataset, inputs, outputs, strict=True)
    ]
    sanity_figures = {**sanity.summary(checks), "per_item": checks}
    return Measurement(compute(ctx.claim.metric, refs, outputs, inputs), {"sanity": sanity_figures})


def _separate_metric(ctx: ClaimContext) -> Measurement:
    assert ctx.dataset is not None
    refs, outputs, inputs = [], [], []
    stems = set(ctx.facts.get("stems", []))
    for item in ctx.dataset:
        mixture, sr = ctx.dataset.audio(_main_file(item))
        sources_audio = {
            name: ctx.dataset.audio(path)[0] for name, path in (item.sources or {}).items() if name in stems
        }
        if not sources_audio:
            raise ClaimNotMeasurable(
                f"item {item.id}: none of its sources "
                f"{sorted(item.sources or {})} is a stem of the pack "
                f"{sorted(stems)}"
            )
        refs.append(sources_audio)
        inputs.append((mixture, sr))
        outputs.append(_run(ctx, mixture, sr))
    return Measurement(compute(ctx.claim.metric, refs, outputs, inputs))


def _labelled_metric(
    field_name: str, convert: Callable[..., object] = lambda x: x
) -> Callable[[ClaimContext], Measurement]:
    def measure_it(ctx: ClaimContext) -> Measurement:
        assert ctx.dataset is not None
        items = list(ctx.dataset)
        inputs = [ctx.dataset.audio(_main_file(i)) for i in items]
        outputs = [_run(ctx, a, sr) for a, sr in inputs]
        refs = [convert(getattr(i, field_name)) for i in items]
        return Measurement(compute(ctx.claim.metric, refs, outputs, inputs))

    return measure_it


def _notes(raw: list[tuple[float, float, int]]) -> list[Note]:
    return [Note(onset=float(a), offset=float(b), pitch=int(p), velocity=1.0) for a, b, p in raw]


def _vad_detection_error(ctx: ClaimContext) -> Measurement:
    """pyannote's detection error rate with the claim's collar (seconds)."""
    assert ctx.dataset is not None
    items = list(ctx.dataset)
    inputs = [ctx.dataset.audio(_main_file(i)) for i in items]
    outputs = [_run_as(ctx, a, sr, SpeechRegions) for a, sr in inputs]
    value = events.detection_error_rate(
        [i.regions or [] for i in items],
        [o.regions for o in outputs],
        [a.size / sr for a, sr in inputs],
        collar=ctx.claim.collar,
    )
    return Measurement(value, {"collar_s": ctx.claim.collar})


def _speaker_margin(ctx: ClaimContext) -> Measurement:
    assert ctx.dataset is not None
    dataset, model = ctx.dataset, cast(EmbedModel, ctx.model)
    cache: dict[str, AudioArray] = {}

    def vector(path: str) -> AudioArray:
        if path not in cache:
            cache[path] = model.embed(*dataset.audio(path)).vector
        return cache[path]

    same: list[float] = []
    different: list[float] = []
    for item in ctx.dataset:
        score = embedding.cosine_similarity(vector(str(item.a)), vector(str(item.b)))
        (same if item.same else different).append(score)
    if not same or not different:
        raise ClaimNotMeasurable("embedding_same_speaker_margin needs same and different pairs")
    margin = float(np.mean(same) - np.mean(different))
    return Measurement(
        margin, {"mean_same": float(np.mean(same)), "mean_different": float(np.mean(different))}
    )


def _conversations(ctx: ClaimContext, kind: type[R]) -> tuple[list[Item], list[Input], list[R]]:
    assert ctx.dataset is not None
    items = [i for i in ctx.dataset if i.turns is not None]
    if not items:
        raise ClaimNotMeasurable(
            f"{ctx.claim.metric} needs reference turns: dataset {ctx.dataset.name} is of kind "
            f"{ctx.dataset.kind}; use a conversations dataset (fixtures/conversations)"
        )
    inputs = [ctx.dataset.audio(_main_file(i)) for i in items]
    return items, inputs, [_run_as(ctx, a, sr, kind) for a, sr in inputs]


# The three DNSMOS claims of a pack score the same clips: per-clip scores are kept per
# (binding, surface, dataset), with the binding itself to make sure the id still names it.
_DNSMOS_SEEN: dict[tuple[int, str, str], tuple[Binding, list[dict[str, float | str]]]] = {}


def _dnsmos(ctx: ClaimContext) -> Measurement:
    """DNSMOS of what the pack makes: speech from the dataset's texts (tts), or the enhanced
    dataset clips (enhance); all three scores are recorded."""
    assert ctx.dataset is not None
    key = (id(ctx.binding), ctx.claim.surface, str(ctx.dataset.root))
    seen = _DNSMOS_SEEN.get(key)
    per_item = seen[1] if seen is not None and seen[0] is ctx.binding else _dnsmos_per_item(ctx)
    _DNSMOS_SEEN[key] = (ctx.binding, per_item)
    means = {name: float(np.mean([p[name] for p in per_item])) for name in mos.DNSMOS_METRICS}
    return Measurement(means[ctx.claim.metric], {**means, "per_item": [{**p} for p in per_item]})


def _dnsmos_per_item(ctx: ClaimContext) -> list[dict[str, float | str]]:
    assert ctx.dataset is not None
    if ctx.claim.surface == "tts":
        items = [i for i in ctx.dataset if i.text]
        made: list[Speech | Enhanced] = [ctx.speaker.synthesize(str(i.text)) for i in items]
    else:
        items = list(ctx.dataset)
        made = [_run_as(ctx, *ctx.dataset.audio(_main_file(i)), Enhanced) for i in items]
    if not items:
        raise ClaimNotMeasurable(f"{ctx.claim.metric} on tts needs a dataset with texts (speech_en)")
    clips = [(np.asarray(m.audio, dtype=np.float32), int(m.sr)) for m in made]
    return [{"id": i.id, **mos.dnsmos(*clip)} for i, clip in zip(items, clips, strict=True)]


def _der(ctx: ClaimContext) -> Measurement:
    """DER with the claim's collar and overlap options (pyannote.metrics)."""
    items, inputs, outputs = _conversations(ctx, Diarization)
    refs = [[(s, e, speaker) for s, e, speaker, _ in i.turns or []] for i in items]
    figures = diarization.evaluate(
        refs,
        [o.turns for o in outputs],
        [audio.size / sr for audio, sr in inputs],
        collar=ctx.claim.collar,
        skip_overlap=ctx.claim.skip_overlap,
    )
    per_item: list[JSON] = [
        {"id": i.id, "speakers": len({t.speaker for t in o.turns}), "turns": len(o.turns)}
        for i, o in zip(items, outputs, strict=True)
    ]
    options = {"collar_s": ctx.claim.collar, "skip_overlap": ctx.claim.skip_overlap}
    return Measurement(figures["der"], {**figures, **options, "items": per_item})


def _cpwer(ctx: ClaimContext) -> Measurement:
    items, inputs, outputs = _conversations(ctx, Transcript)
    refs = [diarization.speaker_texts([(s, spk, text) for s, _, spk, text in i.turns or []]) for i in items]
    value = compute("cpwer", refs, outputs, inputs)
    transcripts: list[JSON] = [
        {"id": i.id, "reference": {**r}, "hypothesis": {**attributed_texts(o)}}
        for i, r, o in zip(items, refs, outputs, strict=True)
    ]
    return Measurement(value, {"normaliser": NORMALISER_VERSION, "transcripts": transcripts})


def _orcwer(ctx: ClaimContext) -> Measurement:
    items, inputs, outputs = _conversations(ctx, Transcript)
    refs = [[text for _, _, _, text in sorted(i.turns or [])] for i in items]
    value = compute("orcwer", refs, outputs, inputs)
    transcripts: list[JSON] = [
        {"id": i.id, "reference": [*r], "hypothesis": {**attributed_texts(o)}}
        for i, r, o in zip(items, refs, outputs, strict=True)
    ]
    return Measurement(value, {"normaliser": NORMALISER_VERSION, "transcripts": transcripts})


def _plugin_metric(ctx: ClaimContext) -> Measurement:
    """A metric a plugin added (hookspecs.pytest_audiocontract_metrics): the surface over every
    item's audio, the items themselves as the references."""
    assert ctx.dataset is not None
    items = list(ctx.dataset)
    inputs = [ctx.dataset.audio(_main_file(item)) for item in items]
    outputs = [_run(ctx, audio, sr) for audio, sr in inputs]
    return Measurement(compute(ctx.claim.metric, items, outputs, inputs), {"added_by": "plugin"})


_QUALITY: dict[str, Callable[[ClaimContext], Measurement]] = {
    "wer": _text_metric,
    "cer": _text_metric,
    "si_snr_improvement_db": _enhance_metric,
    "pesq": _enhance_metric,
    "stoi": _enhance_metric,
    "sdr_improvement_db": _separate_metric,
    "note_f1": _labelled_metric("notes", _notes),
    "top1_accuracy": _labelled_metric("label"),
    "vad_f1": _labelled_metric("regions"),
    "vad_detection_error_rate": _vad_detection_error,
    "embedding_same_speaker_margin": _speaker_margin,
    "der": _der,
    "cpwer": _cpwer,
    "orcwer": _orcwer,
    **dict.fromkeys(EMISSION_METRICS, _emission_metric),
    **dict.fromkeys(mos.DNSMOS_METRICS, _dnsmos),
}
