"""The Ray runner's pieces that need no cluster: argument rewriting, failure rows, connecting."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_audiocontract.scale.ray_runner import Outcome, PackJob, connect, failure_report, pack_jobs
from pytest_audiocontract.scale.ray_task import python_for, without_options

REPO = Path(__file__).resolve().parents[2]


def test_a_packs_run_drops_the_drivers_own_options_in_both_spellings() -> None:
    args = ["--audiocontract-ray", "h:1", "--model-pack=all", "--model-pack", "x", "--runtime", "numpy"]
    args += ["--audiocontract-report=r", "--ray-pack-timeout", "9", "--shard", "1/2", "-x"]
    assert without_options(args) == ["--runtime", "numpy", "-x"]


def test_a_pack_runs_in_its_tox_envs_python_where_the_worker_has_one(tmp_path: Path) -> None:
    assert python_for(tmp_path, "onnx") == sys.executable
    python = tmp_path / ".tox" / "onnx" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text("")
    assert python_for(tmp_path, "onnx") == str(python)


def test_a_pack_without_a_report_is_one_failing_row_under_its_name() -> None:
    job = PackJob("slow", Path("p"), "core", "cpu")
    partial = {"packs": {"slow": {"contracts": [{"name": "r", "outcome": "passed"}]}}, "status": "running"}
    report = failure_report(Outcome(job, report=partial, problem="pack 'slow': its Ray worker died"))
    rows = report["packs"]["slow"]["contracts"]
    assert [(r["name"], r["outcome"]) for r in rows] == [("r", "passed"), ("ray_task", "failed")]
    assert rows[1]["message"] == "pack 'slow': its Ray worker died"
    assert report["status"] == "incomplete"
    assert partial["packs"]["slow"]["contracts"] == [{"name": "r", "outcome": "passed"}]  # a copy
    assert PackJob("g", Path("p"), "random-nemo", "cuda").num_gpus == 1


def test_without_ray_the_option_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray raises ImportError
    with pytest.raises(pytest.UsageError, match=r"pytest-audiocontract\[ray\]"):
        connect("127.0.0.1:1")


def test_an_address_nothing_answers_on_is_a_usage_error_in_seconds() -> None:
    pytest.importorskip("ray", reason="needs the ray extra: pip install 'pytest-audiocontract[ray]'")
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]  # closed again below: nothing listens there
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--audiocontract-ray",
            f"127.0.0.1:{port}",
            "--model-pack=reference_vad",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.stdout + result.stderr
    assert f"--audiocontract-ray 127.0.0.1:{port}: nothing answers there" in result.stderr


def test_runtime_envs_are_read_per_tox_env_and_a_bad_file_is_named(tmp_path: Path) -> None:
    from pytest_audiocontract.scale.ray_runner import runtime_envs

    good = tmp_path / "envs.json"
    good.write_text('{"core": {"env_vars": {"A": "1"}}}')
    assert runtime_envs(str(good)) == {"core": {"env_vars": {"A": "1"}}}
    assert runtime_envs(None) == {}
    for text, message in [
        ("[1]", "a list, but should be an object mapping tox env names"),
        ('{"core": "pip"}', "key 'core' is a str, but should be a runtime_env object"),
        ("{", "cannot be read as JSON"),
    ]:
        good.write_text(text)
        with pytest.raises(pytest.UsageError, match=message):
            runtime_envs(str(good))


def test_each_selected_pack_is_a_job_with_its_env_and_a_gpu_when_it_runs_on_cuda(
    pytester: pytest.Pytester,
) -> None:
    packs = REPO / "model_packs"
    config = pytester.parseconfig(
        f"--pack-path={packs}",
        f"--model-pack={packs / 'reference_vad'}",
        f"--model-pack={packs / 'moonshine'}",
        f"--model-pack={packs / 'silero_vad'}",
        "--runtime=pytorch",
        "--runtime=numpy",
        "--device=cpu",
        "--device=cuda",
    )
    jobs = {job.pack: (job.toxenv, job.device, job.num_gpus) for job in pack_jobs(config)}
    assert jobs == {
        "reference_vad": ("core", "cpu", 0),
        "moonshine": ("random-transformers", "cuda", 1),
        "silero_vad": ("pytorch", "cpu", 0),
    }
