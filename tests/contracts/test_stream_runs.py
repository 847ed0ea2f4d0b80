"""The lifecycle rules share their model calls: each program is streamed once per model."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pytest_audiocontract.contracts import stream_machine as sm
from pytest_audiocontract.contracts.stream_runs import ReplayModel, StreamRuns

ROOT = Path(__file__).resolve().parents[2]


class EchoStream:
    """Answers each push with the number of samples pushed so far; raises after finalize."""

    def __init__(self, log: list[str], sr: int) -> None:
        self.log, self.sr, self.seen, self.ended = log, sr, 0, False

    def push_audio(self, chunk: Any) -> list[int]:
        self.log.append(f"push {chunk.size}")
        if self.ended:
            raise RuntimeError("stream ended")
        self.seen += chunk.size
        return [self.seen]

    def finalize(self) -> str:
        self.log.append("finalize")
        self.ended = True
        return f"{self.seen} samples at {self.sr} Hz"

    def close(self) -> None:
        self.log.append("close")


class EchoModel:
    def __init__(self) -> None:
        self.log: list[str] = []

    def start_stream(self, sr: int) -> EchoStream:
        self.log.append(f"start {sr}")
        return EchoStream(self.log, sr)


def program(model: ReplayModel, sizes: list[int]) -> list[Any]:
    stream = model.start_stream(16000)
    answers: list[Any] = [stream.push_audio(np.zeros(n, dtype=np.float32)) for n in sizes]
    answers.append(stream.finalize())
    try:
        stream.push_audio(np.zeros(3, dtype=np.float32))
    except RuntimeError as exc:
        answers.append(f"raised {exc}")
    stream.close()
    return answers


def test_a_program_run_again_is_answered_without_the_model() -> None:
    model = EchoModel()
    runs = StreamRuns(model)
    first = program(runs.new_run(), [160, 1, 0])
    calls = list(model.log)
    again = program(runs.new_run(), [160, 1, 0])
    assert again == first == [[160], [161], [161], "161 samples at 16000 Hz", "raised stream ended"]
    assert model.log == calls, "the second run called the model"


def test_a_run_that_leaves_the_tree_replays_its_calls_on_a_real_stream() -> None:
    model = EchoModel()
    runs = StreamRuns(model)
    program(runs.new_run(), [160, 1])
    model.log.clear()
    answers = program(runs.new_run(), [160, 2])  # same start, then a new chunk size
    assert answers == [[160], [162], "162 samples at 16000 Hz", "raised stream ended"]
    # the real stream is put through the known calls first, then the new ones
    assert model.log == ["start 16000", "push 160", "push 2", "finalize", "push 3", "close"]


def test_chunks_of_the_same_length_but_other_samples_are_other_calls() -> None:
    model = EchoModel()
    runs = StreamRuns(model)
    stream = runs.new_run().start_stream(16000)
    stream.push_audio(np.zeros(4, dtype=np.float32))
    before = runs.calls
    other = runs.new_run().start_stream(16000)
    other.push_audio(np.ones(4, dtype=np.float32))
    assert runs.calls == before + 2  # a new path: the start again, then the push


# In the pytest run under test (a subprocess: soxr cannot be imported twice in one process),
# count the calls that reach the model through the lifecycle machine, and the model loads.
COUNTING_CONFTEST = """
import json
import pytest_audiocontract.packs.loading as loading
from pytest_audiocontract.contracts.stream_runs import ReplayModel

counts = {"calls": 0, "loads": 0}
real_invoke, real_load = ReplayModel._invoke, loading.load_model

def invoke(self, *args):
    counts["calls"] += 1
    return real_invoke(self, *args)

def load(*args, **kwargs):
    counts["loads"] += 1
    return real_load(*args, **kwargs)

ReplayModel._invoke = invoke
loading.load_model = load

def pytest_unconfigure(config):
    with open("counts.json", "w") as out:
        json.dump(counts, out)
"""


def counted_run(pytester: pytest.Pytester, rules: tuple[str, ...]) -> dict[str, int]:
    result = pytester.runpytest_subprocess(
        "-p",
        "no:cacheprovider",
        "--model-pack=./reference_asr_stream",
        "--contracts-only",
        "-k",
        " or ".join(rules),
    )
    result.assert_outcomes(passed=len(rules))  # each rule still reports its own verdict
    counts: dict[str, int] = json.loads((pytester.path / "counts.json").read_text())
    return counts


def test_every_lifecycle_rule_costs_the_model_what_one_rule_does(pytester: pytest.Pytester) -> None:
    shutil.copytree(ROOT / "model_packs" / "reference_asr_stream", pytester.path / "reference_asr_stream")
    pytester.makeconftest(COUNTING_CONFTEST)
    alone = counted_run(pytester, (sm.SEQ,))
    every = counted_run(pytester, sm.MACHINE_RULES)
    assert alone["calls"] > 0
    assert every["calls"] == alone["calls"]
    assert every["loads"] == 1, "one model load per pack per session"
