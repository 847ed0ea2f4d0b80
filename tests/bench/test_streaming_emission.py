"""Emission latency through the benchmark and the claim gate, on scripted streams.

Every emission time is known: the streams are scripted per push and the driver runs on a
`FakeClock`, with 125 ms chunks (2000 samples at 16 kHz) so every time is a binary fraction
and the figures are exact. Two inputs carry word timings; a third has none and stays out of
the emission pass.

Input A (2.5 s; words hello 0.25-0.625, big 0.75-1.0, world 1.125-1.625, again 1.75-2.0):

    push  2 (audio 0.375 s)  partial "hello"
    push  5 (audio 0.75 s)   partial "Hello big"    big starts at 0.75 s: premature
    push  7 (audio 1.0 s)    final   "hello big"
    push  9                  partial "word"
    push 12 (takes 125 ms)   partial "world"        wall 1.75 s
    flush (wall 2.5 s)       final   "world gain"   "gain" is not "again": never finalised

Input B (1.0 s; words yes 0.125-0.5, no 0.5-0.75):

    push  4 (audio 0.625 s)  partial "yes"
    push  6 (audio 0.875 s)  final   "yes no"
"""

from __future__ import annotations

import dataclasses
import json
import textwrap
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from run_pytest import run_pytest

from pytest_audiocontract.bench.streaming import paced_metrics
from pytest_audiocontract.contracts.binding import Binding
from pytest_audiocontract.gates.measure import ClaimContext, measure
from pytest_audiocontract.metrics.emission import WordTiming
from pytest_audiocontract.spec.datasets import load_dataset
from pytest_audiocontract.spec.loader import load_pack_spec
from pytest_audiocontract.streaming.fake import FakeClock, ScriptedStream
from pytest_audiocontract.types import AudioArray, StreamEvent, Transcript

SR = 16000
CHUNK_MS = 125.0
WORDS_A = [
    WordTiming("hello", 0.25, 0.625),
    WordTiming("big", 0.75, 1.0),
    WordTiming("world", 1.125, 1.625),
    WordTiming("again", 1.75, 2.0),
]
WORDS_B = [WordTiming("yes", 0.125, 0.5), WordTiming("no", 0.5, 0.75)]

# final - word end (ms): hello 375, big 0, world 875, yes 375, no 125
FINALS = [0.0, 125.0, 375.0, 375.0, 875.0]
# first partial - word end (ms): hello -250, big -250, world 125, yes 125, no 125
PARTIALS = [-250.0, -250.0, 125.0, 125.0, 125.0]


def _event(seq: int, seg: int, text: str, final: bool = False) -> StreamEvent:
    return StreamEvent(seq=seq, segment_id=seg, text=text, is_final=final)


class _Scripted(ScriptedStream):
    """A scripted stream whose push number `slow_push` costs `cost_s` of fake time."""

    def __init__(self, clock: FakeClock, slow_push: int | None = None, cost_s: float = 0.0, **kw: object):
        super().__init__(**kw)  # type: ignore[arg-type]
        self.clock, self.slow_push, self.cost_s = clock, slow_push, cost_s

    def push_audio(self, chunk: AudioArray) -> list[StreamEvent]:
        if len(self.pushed) == self.slow_push:
            self.clock.advance(self.cost_s)
        return super().push_audio(chunk)


def _stream_a(clock: FakeClock) -> _Scripted:
    pushes: list[list[StreamEvent]] = [[] for _ in range(20)]
    pushes[2] = [_event(0, 0, "hello")]
    pushes[5] = [_event(1, 0, "Hello big")]
    pushes[7] = [_event(2, 0, "hello big", final=True)]
    pushes[9] = [_event(3, 1, "word")]
    pushes[12] = [_event(4, 1, "world")]
    return _Scripted(
        clock,
        slow_push=12,
        cost_s=0.125,
        pushes=pushes,
        flushed=[_event(5, 1, "world gain", final=True)],
        transcript=Transcript("hello big world gain"),
    )


def _stream_b(clock: FakeClock) -> _Scripted:
    pushes: list[list[StreamEvent]] = [[] for _ in range(8)]
    pushes[4] = [_event(0, 0, "yes")]
    pushes[6] = [_event(1, 0, "yes no", final=True)]
    return _Scripted(clock, pushes=pushes, transcript=Transcript("yes no"))


class ScriptedModel:
    """Opens the scripted streams in turn, one per input; the same clock runs through all."""

    def __init__(self, clock: FakeClock, scripts: list[object]) -> None:
        self.clock, self.scripts, self.opened = clock, scripts, 0

    def start_stream(self, sr: int) -> _Scripted:
        script = self.scripts[self.opened % len(self.scripts)]
        self.opened += 1
        return script(self.clock)  # type: ignore[operator, no-any-return]


def _silence(seconds: float) -> AudioArray:
    return np.zeros(int(seconds * SR), dtype=np.float32)


def _expected(figures: dict[str, float]) -> None:
    """The hand-computed figures of inputs A and B pooled (numpy's linear percentiles)."""
    assert figures["emission_words_timed"] == 5.0
    assert figures["emission_reference_words"] == 6
    assert figures["emission_latency_p50_ms"] == 375.0
    assert figures["emission_latency_p90_ms"] == pytest.approx(375.0 + 0.6 * 500.0, rel=1e-12)
    assert figures["emission_latency_p99_ms"] == pytest.approx(375.0 + 0.96 * 500.0, rel=1e-12)
    assert figures["emission_latency_mean_ms"] == pytest.approx(sum(FINALS) / 5, rel=1e-12)
    assert figures["partial_latency_p50_ms"] == 125.0
    assert figures["partial_latency_p90_ms"] == 125.0
    assert figures["partial_latency_p99_ms"] == 125.0
    assert figures["partial_latency_mean_ms"] == pytest.approx(sum(PARTIALS) / 5, rel=1e-12)
    assert figures["emission_unfinalised_share"] == pytest.approx(1 / 6, rel=1e-12)
    assert figures["emission_premature_words"] == 1.0  # "big", shown before its audio arrived
    # first text: A at 0.375 s (hello from 0.25 s), B at 0.625 s (yes from 0.125 s)
    assert figures["first_token_from_onset_ms"] == pytest.approx(np.median([125.0, 500.0]), rel=1e-12)


def test_paced_benchmark_pass_times_the_words_exactly() -> None:
    clock = FakeClock()
    model = ScriptedModel(clock, [_stream_a, _stream_b])
    figures = paced_metrics(
        model,
        [(_silence(2.5), SR), (_silence(3.0), SR), (_silence(1.0), SR)],
        CHUNK_MS,
        [WORDS_A, None, WORDS_B],
        clock=clock,
        sleep=clock.sleep,
    )
    assert model.opened == 2  # the input without word timings is not streamed
    assert figures["inputs_used"] == 2 and figures["paced"] is True
    _expected(figures)
    # the old figure, from each stream's start: median of 375 and 625 ms
    assert figures["first_token_latency_ms"] == 500.0
    # paced: the pass lasts as long as its audio (push 12's 125 ms shortened the next wait)
    assert clock.now == 3.5


def test_without_word_timings_the_paced_pass_is_as_before() -> None:
    clock = FakeClock()
    model = ScriptedModel(clock, [_stream_b])
    figures = paced_metrics(model, [(_silence(1.0), SR)], CHUNK_MS, clock=clock, sleep=clock.sleep)
    assert "emission_latency_p50_ms" not in figures and "emission_reference_words" not in figures
    assert figures["first_token_latency_ms"] == 625.0


def _dataset(root: Path) -> Path:
    (root / "audio").mkdir(parents=True)
    for name, seconds in (("a", 2.5), ("b", 1.0), ("c", 1.0)):
        sf.write(root / "audio" / f"{name}.wav", _silence(seconds), SR, subtype="PCM_16")
    (root / "manifest.yaml").write_text(
        textwrap.dedent(
            """\
            name: scripted_words
            kind: speech
            description: silence with made-up word timings, for scripted streams
            licence: CC0
            provenance: tests/bench/test_streaming_emission.py
            rebuild: none
            items:
            - id: a
              file: audio/a.wav
              text: hello big world again
              words: [[hello, 0.25, 0.625], [big, 0.75, 1.0], [world, 1.125, 1.625], [again, 1.75, 2.0]]
            - id: untimed
              file: audio/c.wav
              text: not timed
            - id: b
              file: audio/b.wav
              text: yes no
              words: [['yes', 0.125, 0.5], ['no', 0.5, 0.75]]  # quoted: YAML reads yes and no as booleans
            """
        )
    )
    return root


def _pack(root: Path, metric: str, dataset: Path) -> Path:
    root.mkdir()
    (root / "adapter.py").write_text("def load(variant, device):\n    raise NotImplementedError\n")
    (root / "claims.yaml").write_text(
        textwrap.dedent(
            f"""\
            id: scripted_stream
            name: scripted stream
            adapter: adapter:load
            runtime: numpy
            devices: [cpu]
            ci: true
            surfaces:
              asr_stream:
                sample_rate: 16000
            claims:
              - metric: {metric}
                surface: asr_stream
                dataset: {dataset / "manifest.yaml"}
                max: 1000
            """
        )
    )
    return root


@pytest.mark.parametrize(
    "metric, value",
    [
        ("emission_latency_p50_ms", 375.0),
        ("emission_premature_words", 1.0),
        ("first_token_from_onset_ms", 312.5),
    ],
)
def test_claim_gate_measures_paced_against_word_timings(tmp_path: Path, metric: str, value: float) -> None:
    dataset = load_dataset(_dataset(tmp_path / "data"))
    spec = load_pack_spec(_pack(tmp_path / "pack", metric, tmp_path / "data"))
    clock = FakeClock()
    # the first stream is the unpaced warm-up on item a, then a and b paced
    model = ScriptedModel(clock, [_stream_a, _stream_a, _stream_b])
    binding = Binding(spec, "default", "cpu", model)
    ctx = ClaimContext(spec.claims[0], binding, dataset, chunk_ms=CHUNK_MS, clock=clock, sleep=clock.sleep)
    found = measure(ctx)
    assert model.opened == 3
    assert found.value == pytest.approx(value, rel=1e-12)
    assert found.details["paced"] is True and found.details["n_items"] == 2
    _expected(found.details | {"emission_reference_words": found.details["reference_words"]})


def test_emission_claims_of_one_pack_share_one_paced_pass(tmp_path: Path) -> None:
    dataset = load_dataset(_dataset(tmp_path / "data"))
    spec = load_pack_spec(_pack(tmp_path / "pack", "emission_latency_p50_ms", tmp_path / "data"))
    clock = FakeClock()
    model = ScriptedModel(clock, [_stream_a, _stream_a, _stream_b])
    binding = Binding(spec, "default", "cpu", model)
    shared: dict[tuple[str, str, float], list[object]] = {}
    values = []
    for metric in ("emission_latency_p50_ms", "emission_latency_p99_ms"):
        claim = dataclasses.replace(spec.claims[0], metric=metric)
        ctx = ClaimContext(
            claim, binding, dataset, chunk_ms=CHUNK_MS, clock=clock, sleep=clock.sleep, paced_runs=shared
        )
        values.append(measure(ctx).value)
    assert model.opened == 3  # one warm-up and one paced stream per item, for both claims
    assert values == [375.0, pytest.approx(375.0 + 0.96 * 500.0, rel=1e-12)]


def test_claim_on_a_dataset_without_word_timings_says_what_to_do(tmp_path: Path) -> None:
    from pytest_audiocontract.gates.measure import ClaimNotMeasurable

    data = _dataset(tmp_path / "data")
    manifest = data / "manifest.yaml"
    manifest.write_text("\n".join(line for line in manifest.read_text().splitlines() if "words:" not in line))
    spec = load_pack_spec(_pack(tmp_path / "pack", "emission_latency_p90_ms", data))
    ctx = ClaimContext(spec.claims[0], Binding(spec, "default", "cpu", None), load_dataset(data))
    with pytest.raises(ClaimNotMeasurable, match="no item of dataset scripted_words has `words`"):
        measure(ctx)


STREAM_PACK = '''
"""Emits each item's text as two partials and a final, at fixed points of the audio."""
from pytest_audiocontract.streaming import StreamingAdapter, Update

TEXTS = {2.5: "hello big world again", 1.0: "yes no"}


class Stream(StreamingAdapter):
    sample_rate = 16000
    chunk_ms = 125

    def __init__(self, sr):
        super().__init__(sr)
        self.samples = 0

    def _on_audio(self, chunk):
        self.samples += chunk.size
        return [Update("hello")] if self.samples == 8000 else []

    def _on_flush(self):
        return [Update(TEXTS.get(round(self.samples / 16000, 2), ""), is_final=True)]


class Model:
    def start_stream(self, sr):
        return Stream(sr)


def load(variant, device):
    return Model()
'''


def test_benchmark_record_report_and_save_carry_the_emission_figures(tmp_path: Path) -> None:
    """End to end on real (short) paced time: only which figures appear is asserted."""
    _dataset(tmp_path / "data")
    pack = _pack(tmp_path / "pack", "emission_latency_p90_ms", tmp_path / "data")
    (pack / "adapter.py").write_text(STREAM_PACK)
    done = run_pytest(
        f"--model-pack={pack}",
        "--benchmark-only",
        "--benchmark-min-rounds=1",
        "--benchmark-storage",
        str(tmp_path / "storage"),
        "--benchmark-save=emission",
        "--audiocontract-report",
        str(tmp_path / "report"),
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "emission latency scripted_stream on " in done.stdout
    assert "6 of 6 words timed" in done.stdout  # one final per item, every word recognised
    report = json.loads((tmp_path / "report" / "report.json").read_text())
    (bench,) = report["packs"]["scripted_stream"]["benchmarks"]
    paced = bench["streaming"]["paced"]
    assert paced["emission_reference_words"] == 6 and paced["emission_words_timed"] == 6
    assert paced["emission_unfinalised_share"] == 0.0
    assert paced["emission_premature_words"] == 0.0  # "hello" came at 0.5 s of audio, after its start
    assert "emission_latency_p90_ms" not in bench["quality"]  # not scored on the rounds' outputs

    from pytest_audiocontract.results.runs import load_run

    (save,) = (tmp_path / "storage").glob("*/0001_emission.json")
    (saved,) = json.loads(save.read_text())["benchmarks"]
    assert saved["extra_info"]["emission_latency_p99_ms"] == paced["emission_latency_p99_ms"]
    found = {(pack, metric) for pack, _, metric in load_run(save).figures}
    assert ("scripted_stream", "emission_latency_p90_ms") in found
