"""What a benchmark runs on: the pack's claim dataset for the surface, else synthetic inputs.

One `BenchInput` is one benchmark item: a fixture dataset is timed as a whole (every item once
per round), a synthetic burst alone. The stopwatch script (scripts/stopwatch_rtf.py) builds
the same inputs from here, so both time the same audio.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pytest_audiocontract.audio.synth import SignalSpec, render
from pytest_audiocontract.gates.sources import SYNTHETIC_TEXTS, native_rate, resolve_dataset
from pytest_audiocontract.metric_names import EMISSION_METRICS
from pytest_audiocontract.metrics.emission import WordTiming, timings
from pytest_audiocontract.spec.datasets import Dataset, Item
from pytest_audiocontract.spec.model import PackSpec
from pytest_audiocontract.types import AudioArray

BURST_SECONDS = (1.0, 10.0)
NOT_FROM_OUTPUTS = ("rtf", "cpu_rtf", "peak_rss_mb", *EMISSION_METRICS)  # claimed, but not scored on outputs


@dataclass
class BenchInput:
    """The audio (or, for tts, the texts) of one benchmark, with where it came from.

    `seconds` is the audio duration of one pass over `audio` (0 for tts: known after it speaks).
    """

    name: str
    audio: list[tuple[AudioArray, int]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    dataset: Dataset | None = None
    items: list[Item] = field(default_factory=list)
    quality_metrics: list[str] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        """Seconds of audio in one pass (sum over inputs)."""
        return float(sum(a.size / sr for a, sr in self.audio))

    @property
    def words(self) -> list[list[WordTiming] | None]:
        """Per input, the item's word timings (None where it has none, and for bursts)."""
        return [timings(i.words) if i.words else None for i in self.items]


def dataset_claims(spec: PackSpec, surface: str) -> dict[str, list[str]]:
    """Dataset name -> the quality metrics the pack claims on it for `surface` (the emission
    latencies are timed in the paced streaming pass, not computed from the rounds' outputs)."""
    found: dict[str, list[str]] = {}
    for claim in spec.claims:
        if claim.surface == surface and claim.dataset and claim.via is None:
            metrics = found.setdefault(claim.dataset, [])
            if claim.metric not in (*metrics, *NOT_FROM_OUTPUTS):
                metrics.append(claim.metric)
    return found


def input_names(spec: PackSpec, surface: str) -> list[str]:
    """The inputs benchmarked for `surface` of `spec`: each claim dataset of that surface, or
    (when there is none) synthetic bursts of 1 s and 10 s (`burst1s`, `burst10s`); tts speaks
    the built-in sentences (`texts`)."""
    if surface == "tts":
        return ["texts"]
    return list(dataset_claims(spec, surface)) or [_burst_name(s) for s in BURST_SECONDS]


def bench_input(spec: PackSpec, surface: str, name: str, rootdir: Path) -> BenchInput:
    """Load the input `name` (one of `input_names`); datasets resolve like claims do."""
    if surface == "tts":
        return BenchInput(name, texts=list(SYNTHETIC_TEXTS))
    for seconds in BURST_SECONDS:
        if name == _burst_name(seconds):
            sr = native_rate(spec.facts(surface))
            return BenchInput(name, audio=[(synthetic_burst(seconds, sr), sr)])
    dataset = resolve_dataset(name, spec.root, rootdir)
    items = [i for i in dataset if _main_file(i) is not None]
    audio = [dataset.audio(str(_main_file(i))) for i in items]
    return BenchInput(
        name,
        audio=audio,
        dataset=dataset,
        items=items,
        quality_metrics=dataset_claims(spec, surface).get(name, []),
    )


def _burst_name(seconds: float) -> str:
    return f"burst{seconds:g}s"


def synthetic_burst(seconds: float, sr: int) -> AudioArray:
    """Speech-like bursts (a 150 Hz buzz switched on and off) at half scale; seeded, so every
    run and the stopwatch script see the same samples."""
    return render(SignalSpec("bursts", sr, int(seconds * sr), level=0.5, freq=150.0, seed=7))


def _main_file(item: Item) -> str | None:
    return item.file or item.a
