"""What one benchmark round runs: every input of a `BenchInput` once through one surface.

`round_target` returns the function pytest-benchmark times and a holder that keeps the last
round's outputs (for the quality figure) and the audio seconds it covered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from pytest_audiocontract.bench.inputs import BenchInput
from pytest_audiocontract.protocols import Stream
from pytest_audiocontract.streaming.driver import StreamRun, drive_stream
from pytest_audiocontract.surfaces import AUDIO_IN_SURFACES, SURFACES
from pytest_audiocontract.types import AudioArray, Speech

# surface -> method, for the surfaces a round calls as `method(audio, sr)` (scripts read it).
METHODS = {name: SURFACES[name].method for name in AUDIO_IN_SURFACES}


@dataclass
class LastRound:
    """The outputs of the latest round, and the seconds of audio it covered (tts: produced)."""

    outputs: list[object] = field(default_factory=list)  # the surface's results, as the model gave them
    audio_seconds: float = 0.0
    stream_runs: list[StreamRun] = field(default_factory=list)


def round_target(
    model: object, surface: str, bench_input: BenchInput, chunk_ms: float
) -> tuple[Callable[[], None], LastRound]:
    """`model` is the pack's model (or its IsolatedModel): it has the surface's method, as the
    surface's Protocol says; each method is looked up by its name in SURFACES."""
    last = LastRound()
    if surface == "tts":

        def speak() -> None:
            synthesize: Callable[[str], Speech] = getattr(model, SURFACES["tts"].method)
            spoken = [synthesize(text) for text in bench_input.texts]
            last.outputs = list(spoken)
            last.audio_seconds = float(sum(np.asarray(s.audio).size / s.sr for s in spoken))

        return speak, last
    if surface == "asr_stream":

        def stream() -> None:
            start = stream_target(model)
            runs = [drive_stream(start, a, sr, chunk_ms=chunk_ms) for a, sr in bench_input.audio]
            last.stream_runs = runs
            last.outputs = [r.transcript for r in runs]
            last.audio_seconds = bench_input.seconds

        return stream, last
    method: Callable[[AudioArray, int], object] = getattr(model, METHODS[surface])

    def call() -> None:
        last.outputs = [method(a, sr) for a, sr in bench_input.audio]
        last.audio_seconds = bench_input.seconds

    return call, last


def stream_target(model: object) -> Callable[[int], Stream]:
    """The model's `start_stream(sr)` (the asr_stream method), as `drive_stream` takes it."""
    start: Callable[[int], Stream] = getattr(model, SURFACES["asr_stream"].method)
    return start
