"""A failing contract leaves its input (WAV + JSON) and a replay command that reproduces it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile
from packkit import IDENTITY_ENHANCE, item_statuses, write_pack

from pytest_audiocontract.audio.synth import SignalSpec, render

SHORT_BY_ONE = IDENTITY_ENHANCE.replace(
    "return Enhanced(audio=np.asarray(audio, dtype=np.float32).copy(), sr=sr)",
    "return Enhanced(audio=np.asarray(audio, dtype=np.float32)[:-1].copy(), sr=sr)",
)


def replay(bundle: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest_audiocontract.cli", "replay", str(bundle), *extra],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_failure_bundle_message_and_replay(pytester: pytest.Pytester) -> None:
    pack = write_pack(pytester.path / "packs", "short", SHORT_BY_ONE)
    failures = pytester.path / "failures"
    result = pytester.runpytest(
        "-p",
        "no:cacheprovider",
        f"--model-pack={pack}",
        "--contract-examples",
        "5",
        "-v",
        "--audiocontract-failures",
        str(failures),
    )
    assert {k: v for k, v in item_statuses(result.outlines).items() if v != "PASSED"} == {
        "packs/short/claims.yaml::enhance::length_matches_input[short]": "FAILED"
    }

    # Each failing input has its own bundle; the message points at the one it reports.
    # (a set: with CI set in the environment, pytest repeats the message in its summary)
    [replay_line] = {line for line in result.outlines if line.startswith("replay it: ")}
    bundle_text, pack_text = replay_line.removeprefix("replay it: audiocontract replay ").split(" --pack ")
    bundle = Path(bundle_text)
    assert Path(pack_text) == pack.resolve()  # the replay names its pack: the file alone never does
    assert bundle.parent == failures and bundle.is_file()
    assert bundle.name.startswith("enhance_length_matches_input_short-")
    record = json.loads(bundle.read_text())
    assert (record["pack"], record["surface"], record["rule"]) == ("short", "enhance", "length_matches_input")
    assert record["nodeid"] == "packs/short/claims.yaml::enhance::length_matches_input[short]"
    assert record["pack_root"] == str(pack.resolve())

    # The WAV is exactly the failing input: the synthesised signal the record describes.
    signal = SignalSpec(**record["case"]["signal"])
    audio, sr = soundfile.read(failures / record["wav"], dtype="float32")
    assert sr == signal.sr and audio.size == signal.n_samples > 0
    np.testing.assert_array_equal(audio, render(signal))

    # The message names pack, surface, rule, what came back and what should have.
    expected = signal.n_samples
    result.stdout.fnmatch_lines(
        [
            f"short/enhance: length_matches_input: len(audio)={expected - 1}, "
            f"but should be {expected} (the input's length) [[]enhance(*)[]]",
            f"failing input saved: {failures / record['wav']}",
            f"replay it: audiocontract replay {bundle} --pack {pack.resolve()}",
        ]
    )

    still = replay(bundle, "--pack", str(pack))
    assert still.returncode == 1, still.stdout + still.stderr
    assert f"FAILED  short/enhance: length_matches_input: len(audio)={expected - 1}" in still.stdout

    (pack / "adapter.py").write_text(IDENTITY_ENHANCE)
    fixed = replay(bundle, "--pack", str(pack))
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "passed  enhance::length_matches_input holds on this input now" in fixed.stdout


def test_replay_of_an_unusable_bundle_exits_2(tmp_path: Path) -> None:
    bundle = tmp_path / "broken.json"
    bundle.write_text("{not json")
    done = replay(bundle)
    assert done.returncode == 2
    assert "cannot replay" in done.stderr
