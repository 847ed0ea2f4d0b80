"""Run one pipeline step on what the step before it gave.

What flows between steps is a `Flow`: audio at a rate, plus the speech regions of that audio
once a `vad` step has run (an `asr` step then transcribes each region and joins the texts), or
its speaker turns once a `diarize` step has run (an `asr` step then transcribes each turn and
labels its segments with the turn's speaker).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np

from pytest_audiocontract.audio.resample import as_float32_mono
from pytest_audiocontract.pipelines.spec import StepSpec
from pytest_audiocontract.protocols import (
    AsrModel,
    AsrStreamModel,
    DiarizeModel,
    EnhanceModel,
    SeparateModel,
    TtsModel,
    VadModel,
)
from pytest_audiocontract.surfaces import AUDIO_IN_SURFACES, SURFACES
from pytest_audiocontract.types import AudioArray, Segment, Transcript


@dataclass(frozen=True)
class Flow:
    """What one step hands the next: audio (float32, `sr` Hz), or text for a first tts step,
    and speech regions in seconds after a vad step, speaker turns after a diarize step."""

    audio: AudioArray | None = None
    sr: int = 0
    text: str | None = None
    regions: list[tuple[float, float]] | None = None
    turns: list[tuple[float, float, str]] | None = None


def run_step(step: StepSpec, model: object, flow: Flow) -> tuple[object, Flow]:
    """Call `model`'s method for `step.surface`; return its result and what flows on.

    The step's pack declares `step.surface` (validate.py checks it), so its model object, a
    pack's own code, is taken to be that surface's Protocol (the casts below)."""
    surface = step.surface
    if surface == "tts":
        speech = cast(TtsModel, model).synthesize(flow.text or "")
        return speech, Flow(as_float32_mono(speech.audio), int(speech.sr))
    assert flow.audio is not None
    audio, sr = flow.audio, flow.sr
    if surface == "enhance":
        enhanced = cast(EnhanceModel, model).enhance(audio, sr)
        return enhanced, Flow(as_float32_mono(enhanced.audio), int(enhanced.sr))
    if surface == "separate":
        stems = cast(SeparateModel, model).separate(audio, sr)
        if step.stem is None:
            return stems, Flow()
        return stems, Flow(as_float32_mono(stems.stems[step.stem]), int(stems.sr))
    if surface == "vad":
        regions = cast(VadModel, model).detect_speech(audio, sr)
        return regions, Flow(audio, sr, regions=list(regions.regions))
    if surface == "diarize":
        diarization = cast(DiarizeModel, model).diarize(audio, sr)
        turns = sorted((t.start, t.end, t.speaker) for t in diarization.turns)
        return diarization, Flow(audio, sr, turns=turns)
    if surface == "asr" and flow.regions is not None:
        return transcribe_regions(cast(AsrModel, model), audio, sr, flow.regions), Flow()
    if surface == "asr" and flow.turns is not None:
        return transcribe_regions(cast(AsrModel, model), audio, sr, flow.turns), Flow()
    if surface == "asr_stream":
        from pytest_audiocontract.streaming.driver import drive_stream

        return drive_stream(cast(AsrStreamModel, model), audio, sr, chunk_ms=step.chunk_ms).transcript, Flow()
    if surface in AUDIO_IN_SURFACES:  # the rest: the result ends the flow
        result: object = getattr(model, SURFACES[surface].method)(audio, sr)
        return result, Flow()
    raise ValueError(f"surface={surface!r} has no pipeline step runner")


def transcribe_regions(
    model: AsrModel,
    audio: AudioArray,
    sr: int,
    regions: list[tuple[float, float]] | list[tuple[float, float, str]],
) -> Transcript:
    """Transcribe each region (seconds) of `audio` alone; join the texts with spaces.

    Segment times are shifted back onto the whole input's timeline; a region whose transcript
    has text but no segments becomes one segment spanning the region. A region given as
    (start, end, speaker), a diarizer's turn, labels its segments with that speaker: the
    transcript is speaker-attributed.
    """
    texts: list[str] = []
    segments: list[Segment] = []
    language: str | None = None
    for region in regions:
        start, end = region[0], region[1]
        speaker = str(region[2]) if len(region) > 2 else None
        first = max(0, int(np.floor(start * sr)))
        last = min(audio.size, int(np.ceil(end * sr)))
        if last <= first:
            continue
        part = model.transcribe(audio[first:last], sr)
        text = " ".join(part.text.split())
        if not text:
            continue
        texts.append(text)
        language = language or part.language
        offset = first / sr
        if part.segments:
            segments += [Segment(s.start + offset, s.end + offset, s.text, speaker) for s in part.segments]
        else:
            segments.append(Segment(offset, last / sr, text, speaker))
    return Transcript(" ".join(texts), segments, language)
