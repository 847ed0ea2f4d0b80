"""Per-call labels (classify(..., labels=[...])): only packs that declare `per_call_labels: true`
are called with them, the rule names the call's labels when it fails, and a saved failure
replays with the same labels."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from packkit import item_statuses, write_pack

from pytest_audiocontract import ClassifyModel, ZeroShotClassifyModel
from pytest_audiocontract.audio.strategies import edge_cases
from pytest_audiocontract.contracts.cases import ClassifyCase, decode_case, encode_case
from pytest_audiocontract.errors import ClaimsError
from pytest_audiocontract.spec.loader import load_pack_spec

REFERENCE = Path(__file__).resolve().parents[2] / "model_packs" / "reference_classify"

# Always "a" and "b": a fixed-label classifier without the `labels` keyword.
FIXED = """
from pytest_audiocontract import Classification, Label

class Model:
    def classify(self, audio, sr, top_k=5):
        return Classification(labels=[Label("a", 0.75), Label("b", 0.25)][:top_k])

def load(variant, device):
    return Model()
"""

# Takes `labels=` and ranks them; IGNORE_LABELS makes it return its own labels instead.
ZERO_SHOT = """
from pytest_audiocontract import Classification, Label

IGNORE_LABELS = {ignore}

class Model:
    def classify(self, audio, sr, top_k=5, *, labels=None):
        if labels is None or IGNORE_LABELS:
            labels = ["a", "b"]
        return Classification(labels=[Label(name, 1.0 / len(labels)) for name in labels][:top_k])

def load(variant, device):
    return Model()
"""

SURFACES = "classify:\n  labels: [a, b]\n"
ZERO_SHOT_SURFACES = SURFACES + "  per_call_labels: true\n"
RULE = "classify::per_call_labels_returned"


def _run(pytester: pytest.Pytester, pack: Path, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess(
        f"--model-pack={pack}",
        "-p",
        "no:cacheprovider",
        "--contracts-only",
        "-v",
        "-rs",
        "--contract-examples=3",
        "--audiocontract-failures",
        str(pytester.path / "failures"),
        *args,
    )


def test_a_pack_without_the_fact_is_never_given_labels(pytester: pytest.Pytester) -> None:
    # FIXED has no `labels` parameter: a call with labels= would raise TypeError and fail
    # returns_result_type. Only the per-call rule is skipped, and it says why.
    pack = write_pack(pytester.path, "fixed", FIXED, surfaces=SURFACES)
    result = _run(pytester, pack)
    statuses = item_statuses(result.outlines)
    skipped = {node for node, status in statuses.items() if status != "PASSED"}
    assert skipped == {f"fixed/claims.yaml::{RULE}[fixed]"}, result.stdout.str()
    result.stdout.fnmatch_lines(["*does not declare per_call_labels: true under surfaces.classify*"])


def test_a_zero_shot_pack_passes_the_rule(pytester: pytest.Pytester) -> None:
    pack = write_pack(pytester.path, "zero_shot", ZERO_SHOT.format(ignore=False), surfaces=ZERO_SHOT_SURFACES)
    result = _run(pytester, pack)
    assert item_statuses(result.outlines)[f"zero_shot/claims.yaml::{RULE}[zero_shot]"] == "PASSED"
    assert result.ret == 0, result.stdout.str()


def test_ignoring_the_labels_fails_naming_them_and_replays(pytester: pytest.Pytester) -> None:
    pack = write_pack(pytester.path, "deaf", ZERO_SHOT.format(ignore=True), surfaces=ZERO_SHOT_SURFACES)
    result = _run(pytester, pack)
    failed = {n for n, s in item_statuses(result.outlines).items() if s == "FAILED"}
    assert failed == {f"deaf/claims.yaml::{RULE}[deaf]"}, result.stdout.str()
    # Each failing input has its own bundle; the message points at the one it reports.
    [line] = {line for line in result.outlines if line.startswith("replay it: ")}
    bundle = Path(line.removeprefix("replay it: audiocontract replay ").split(" --pack ")[0])
    labels = json.loads(bundle.read_text())["case"]["labels"]
    assert labels and "a" not in labels
    # Hypothesis reports the simplest of the failing examples; the bundle is that call.
    listed = repr(labels)[1:-1]
    result.stdout.fnmatch_lines(
        [
            "deaf/classify: per_call_labels_returned: labels[[]0[]].name='a', but should be one of "
            f"the call's labels [[]{listed}[]] [[]classify(*, labels=[[]{listed}[]])[]]"
        ]
    )

    def replay() -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "pytest_audiocontract.cli", "replay", str(bundle)]
        return subprocess.run(
            [*command, "--pack", str(pack)], capture_output=True, text=True, timeout=120, check=False
        )

    still = replay()
    assert still.returncode == 1, still.stdout + still.stderr
    (pack / "adapter.py").write_text(textwrap.dedent(ZERO_SHOT.format(ignore=False)))
    fixed = replay()
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr


def test_the_fact_belongs_to_classify(tmp_path: Path) -> None:
    write_pack(tmp_path, "misplaced", surfaces="vad:\n  per_call_labels: true\n")
    with pytest.raises(ClaimsError) as info:
        load_pack_spec(tmp_path / "misplaced")
    [problem] = info.value.problems
    assert (problem.line, problem.key) == (9, "surfaces.vad.per_call_labels")
    assert "move it under surfaces.classify" in problem.message


def test_a_case_with_labels_round_trips_through_a_replay_record() -> None:
    case = ClassifyCase(edge_cases()[2], 4, ("dog barking", "音楽"))
    data = json.loads(json.dumps(encode_case(case)))
    assert decode_case(data) == case
    without = ClassifyCase(edge_cases()[2], 4)
    assert "labels" not in encode_case(without) and decode_case(encode_case(without)) == without


def test_the_reference_pack_ranks_the_call_labels() -> None:
    from importlib import util

    spec = util.spec_from_file_location("_reference_classify", REFERENCE / "adapter.py")
    assert spec is not None and spec.loader is not None
    module = util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = module.load("default", "cpu")
    assert isinstance(model, ZeroShotClassifyModel) and isinstance(model, ClassifyModel)
    sr = 16000
    tone = (0.5 * np.sin(2 * np.pi * 3000.0 * np.arange(sr) / sr)).astype(np.float32)
    result = model.classify(tone, sr, top_k=5, labels=["dog barking", "High", "Low"])
    assert result.labels[0].name == "High"
    assert sorted(label.name for label in result.labels) == ["High", "Low", "dog barking"]
    assert abs(sum(label.score for label in result.labels) - 1.0) < 1e-9
    best = model.classify(tone, sr, top_k=1, labels=["x", "high"]).labels
    assert [label.name for label in best] == ["high"]
    # Without labels= it scores its declared classes, as before.
    assert model.classify(tone, sr).labels[0].name == "high"
