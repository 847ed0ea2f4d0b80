"""`audiocontract matrix`: one CI job per (tox env, device, shard), derived from the packs."""

from __future__ import annotations

import configparser
import json
from pathlib import Path

import pytest

from pytest_audiocontract.cli import main
from pytest_audiocontract.packs.discovery import discover
from pytest_audiocontract.packs.selection import PackFilter
from pytest_audiocontract.scale.matrix import jobs, matrix, pack_groups
from pytest_audiocontract.spec.model import PackSpec

REPO = Path(__file__).resolve().parents[2]


def _specs() -> list[PackSpec]:
    return [p.spec for p in discover([REPO / "model_packs"]) if p.spec is not None]


def _matrix(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str) -> object:
    monkeypatch.chdir(REPO)
    assert main(["matrix", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_every_pack_is_in_a_job_of_each_env_and_device_it_declares() -> None:
    specs = _specs()
    groups = pack_groups(specs, PackFilter())
    for spec in specs:
        for variant in spec.variants:
            for device in spec.devices:
                assert spec.id in groups[(spec.environment_of(variant), device)], (spec.id, device)
    # and nothing else: each group's packs declare that env and device
    by_id = {s.id: s for s in specs}
    for (env, device), ids in groups.items():
        for pack in ids:
            spec = by_id[pack]
            assert device in spec.devices
            assert env in {spec.environment_of(v) for v in spec.variants}


def test_every_env_in_the_matrix_is_a_tox_env() -> None:
    tox = configparser.ConfigParser(interpolation=None)
    tox.read(REPO / "tox.ini")
    envs = {s.split(":", 1)[1] for s in tox.sections() if s.startswith("testenv:")}
    assert {env for env, _ in pack_groups(_specs(), PackFilter())} <= envs


def test_shards_are_k_of_n_and_never_more_than_the_packs_of_the_group() -> None:
    groups = {("core", "cpu"): ["a", "b", "c", "d"], ("xgboost", "cpu"): ["v"]}
    found = [(j.toxenv, j.shard, j.shards) for j in jobs(groups, 3)]
    assert found == [("core", 1, 3), ("core", 2, 3), ("core", 3, 3), ("xgboost", 1, 1)]


def test_github_form_is_an_include_list_with_runner_and_shard(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _matrix(capsys, monkeypatch, "--runtime", "numpy", "--shards", "2", "--runner", "cpu=big-box")
    assert isinstance(out, dict)
    assert [(e["toxenv"], e["device"], e["shard"], e["runs-on"]) for e in out["include"]] == [
        ("core", "cpu", "1/2", "big-box"),
        ("core", "cpu", "2/2", "big-box"),
    ]
    assert out["include"][0]["name"] == "core-cpu-1of2"
    assert "reference_asr" in out["include"][0]["packs"].split(",")


def test_cuda_packs_get_a_cuda_job_and_device_narrows_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    everything = _matrix(capsys, monkeypatch)
    assert isinstance(everything, dict)
    cuda = [e for e in everything["include"] if e["device"] == "cuda"]
    assert cuda and all(e["runs-on"] == "self-hosted-cuda" for e in cuda)
    cpu_only = _matrix(capsys, monkeypatch, "--device", "cpu")
    assert isinstance(cpu_only, dict)
    assert {e["device"] for e in cpu_only["include"]} == {"cpu"}


def test_gitlab_form_is_the_list_parallel_matrix_takes() -> None:
    entries = matrix(jobs({("onnx", "cpu"): ["piper"]}, 1), {}, "gitlab")
    assert entries == [
        {
            "NAME": "onnx-cpu-1of1",
            "TOXENV": "onnx",
            "DEVICE": "cpu",
            "SHARD": "1/1",
            "RUNS_ON": "ubuntu-latest",
            "PACKS": "piper",
        }
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--runner", "cuda"], "--runner=cuda, but should be DEVICE=LABEL"),
        (["--shards", "0"], "--shards=0, but should be 1 or more"),
        (["--runtime", "nemo", "--device", "mps"], "no packs match"),
    ],
)
def test_bad_input_is_exit_2_with_a_message(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    assert main(["matrix", "--json", *args]) == 2
    assert message in capsys.readouterr().err


def test_the_documented_workflow_reads_the_matrix_keys_the_command_prints(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import re

    import yaml

    workflow = (REPO / "docs" / "ci" / "github-actions.yml").read_text(encoding="utf-8")
    jobs_ = yaml.safe_load(workflow)["jobs"]
    assert jobs_["shard"]["strategy"]["matrix"] == "${{ fromJSON(needs.matrix.outputs.matrix) }}"
    command = next(s["run"] for s in jobs_["matrix"]["steps"] if "audiocontract matrix" in s.get("run", ""))
    args = command.split("audiocontract matrix --json", 1)[1].split(")")[0].split()
    out = _matrix(capsys, monkeypatch, *args)
    assert isinstance(out, dict)
    used = set(re.findall(r"matrix\.([\w-]+)", workflow)) - {"outputs"}
    assert used <= set(out["include"][0]), used


def test_a_variant_whose_weights_name_an_env_gets_a_job_there() -> None:
    groups = pack_groups(_specs(), PackFilter())
    assert "faster_whisper" in groups[("random-whisper-ct2", "cpu")]  # large_v3_random's env
    assert "faster_whisper" in groups[("ctranslate2", "cpu")]  # tiny_en's
