"""`pytest --audiocontract-ray`: each pack a Ray task on a local two-worker cluster on this machine.

The cluster (ray.cluster_utils.Cluster: a head with no CPUs, so every task runs on one of two
worker nodes with one CPU each) is started once for the module and shut down after it. Every
wait is bounded: the driver runs in a subprocess with a timeout, and the kill test polls with
a deadline, so a stuck cluster fails the test instead of hanging it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ray = pytest.importorskip("ray", reason="needs the ray extra: pip install 'pytest-audiocontract[ray]'")

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
DRIVER_TIMEOUT_S = 240
NODE = {"num_cpus": 1, "object_store_memory": 100_000_000}


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    from ray.cluster_utils import Cluster

    local = Cluster(
        initialize_head=True,
        head_node_args={**NODE, "num_cpus": 0, "include_dashboard": False},
        shutdown_at_exit=True,
    )
    try:
        for _ in range(2):
            local.add_node(**NODE)
        local.wait_for_nodes(timeout=120)
        yield local
    finally:
        local.shutdown()


@pytest.fixture
def cluster_address(cluster: Any) -> str:
    return str(cluster.address)


def _driver(
    address: str, report: Path, *packs: str, command: str = "pytest", extra: tuple[str, ...] = ()
) -> subprocess.Popen[str]:
    selection = [*(f"--model-pack={p}" for p in packs), *extra]
    options = ["--contract-examples", "2", f"--audiocontract-report={report}", "-p", "no:cacheprovider"]
    if command == "pytest":
        start = [sys.executable, "-m", "pytest", "--audiocontract-ray", address]
    else:  # audiocontract ray ADDRESS -- PYTEST_ARGS
        start = [sys.executable, "-m", "pytest_audiocontract.cli", "ray", address, "--"]
    return subprocess.Popen(
        [*start, *selection, *options],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _finish(driver: subprocess.Popen[str]) -> tuple[int, str]:
    try:
        out, _ = driver.communicate(timeout=DRIVER_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        driver.kill()
        out, _ = driver.communicate()
        pytest.fail(f"the Ray driver ran past {DRIVER_TIMEOUT_S} s:\n{out}")
    return driver.returncode, out


def _contract_rows(report: dict[str, Any], pack: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = report["packs"][pack]["contracts"]
    return rows


def test_two_packs_run_as_tasks_into_one_report(cluster_address: str, tmp_path: Path) -> None:
    code, out = _finish(_driver(cluster_address, tmp_path / "rep", "reference_vad", "reference_asr"))
    assert code == 0, out
    assert "ray: reference_vad done" in out and "ray: reference_asr done" in out
    report = json.loads((tmp_path / "rep" / "report.json").read_text())
    assert report["status"] == "complete"
    assert set(report["packs"]) == {"reference_vad", "reference_asr"}
    for pack in ("reference_vad", "reference_asr"):
        rows = _contract_rows(report, pack)
        assert rows and {r["outcome"] for r in rows} <= {"passed", "skipped"}
        assert [c["outcome"] for c in report["packs"][pack]["claims"]] and all(
            c["outcome"] == "passed" for c in report["packs"][pack]["claims"]
        )
    assert {e["environment"] for e in report["environments"]} == {
        "core:reference_vad",
        "core:reference_asr",
    }
    assert "## Contracts" in (tmp_path / "rep" / "report.md").read_text()


def test_the_audiocontract_ray_command_runs_the_same(cluster_address: str, tmp_path: Path) -> None:
    code, out = _finish(_driver(cluster_address, tmp_path / "rep", "reference_vad", command="cli"))
    assert code == 0, out
    report = json.loads((tmp_path / "rep" / "report.json").read_text())
    assert list(report["packs"]) == ["reference_vad"] and report["status"] == "complete"


SLOW_ADAPTER = """
import time

from reference_vad_adapter import EnergyVad


class SlowVad(EnergyVad):
    def detect_speech(self, audio, sr):
        time.sleep(1.0)  # long enough for the test to see its first records, then kill it
        return super().detect_speech(audio, sr)


def load(variant, device):
    return SlowVad()
"""


def _slow_pack(root: Path) -> Path:
    pack = root / "slow_vad"
    pack.mkdir(parents=True)
    claims = (REPO / "model_packs/reference_vad/claims.yaml").read_text().split("claims:")[0]
    (pack / "claims.yaml").write_text(claims.replace("id: reference_vad", "id: slow_vad"))
    reference = (REPO / "model_packs/reference_vad/adapter.py").read_text()
    (pack / "reference_vad_adapter.py").write_text(reference)
    (pack / "adapter.py").write_text(f"import sys\nsys.path.insert(0, {str(pack)!r})\n" + SLOW_ADAPTER)
    return pack


def _rows_so_far(report_file: Path, pack: str) -> list[dict[str, Any]]:
    """The pack's contract rows in the driver's report as it stands (none if not written yet)."""
    try:
        report = json.loads(report_file.read_text())
    except (OSError, ValueError):
        return []
    rows: list[dict[str, Any]] = report.get("packs", {}).get(pack, {}).get("contracts", [])
    return rows


def _pids_running(marker: str) -> list[tuple[int, int]]:
    """(pid, parent pid) of the processes whose command line holds `marker`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # the task's own pytest: its report goes to the task's audiocontract-ray-* folder
        # (the driver's command line holds the marker too, never that folder)
        if marker in cmdline and "audiocontract-ray-" in cmdline:
            found.append((int(entry.name), int(stat[1])))
    return found


def _slow_pack_running(driver: subprocess.Popen[str], marker: str, report_file: Path) -> tuple[Any, ...]:
    """Wait (bounded) until the slow pack has streamed a record; (its rows, pytest pid, worker pid)."""
    deadline = time.monotonic() + 120
    while not (streamed := _rows_so_far(report_file, "slow_vad")) or not (found := _pids_running(marker)):
        assert driver.poll() is None, driver.communicate()[0]
        assert time.monotonic() < deadline, "the slow pack sent no record"
        time.sleep(0.5)
    return (streamed, *found[0])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds the task's process in /proc (Linux)")
def test_a_killed_worker_is_a_named_failure_and_the_other_pack_is_reported(
    cluster_address: str, tmp_path: Path
) -> None:
    slow = _slow_pack(tmp_path / "packs")
    driver = _driver(cluster_address, tmp_path / "rep", str(slow), "reference_vad")
    marker = f"--model-pack={slow}"
    streamed, child, worker = _slow_pack_running(driver, marker, tmp_path / "rep" / "report.json")
    os.kill(worker, signal.SIGKILL)  # the Ray worker process running the slow pack's task
    code, out = _finish(driver)
    assert code == 1, out
    assert "ray: slow_vad FAILED" in out
    report = json.loads((tmp_path / "rep" / "report.json").read_text())
    failure = [r for r in _contract_rows(report, "slow_vad") if r["name"] == "ray_task"]
    assert [r["outcome"] for r in failure] == ["failed"]
    assert "pack 'slow_vad'" in failure[0]["message"] and "died" in failure[0]["message"]
    kept = {r["name"] for r in _contract_rows(report, "slow_vad")}
    assert {r["name"] for r in streamed} <= kept  # what it streamed before dying stays
    vad = _contract_rows(report, "reference_vad")
    assert vad and all(r["outcome"] == "passed" for r in vad)
    assert "ray_task" in (tmp_path / "rep" / "report.md").read_text()  # the failing rule, by name
    # the killed worker's pytest went with it (it dies with its parent)
    deadline = time.monotonic() + 30
    while _pids_running(marker) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not _pids_running(marker), f"pack process {child} outlived its worker"


def test_a_pack_no_worker_can_take_is_a_named_failure_not_a_hang(
    cluster_address: str, tmp_path: Path
) -> None:
    pack = tmp_path / "packs" / "gpu_vad"
    pack.mkdir(parents=True)
    claims = (REPO / "model_packs/reference_vad/claims.yaml").read_text().split("claims:")[0]
    claims = claims.replace("id: reference_vad", "id: gpu_vad").replace("devices: [cpu]", "devices: [cuda]")
    (pack / "claims.yaml").write_text(claims)
    (pack / "adapter.py").write_text((REPO / "model_packs/reference_vad/adapter.py").read_text())
    driver = _driver(cluster_address, tmp_path / "rep", str(pack), extra=("--ray-pack-timeout=5",))
    code, out = _finish(driver)
    assert code == 1, out
    report = json.loads((tmp_path / "rep" / "report.json").read_text())
    [row] = _contract_rows(report, "gpu_vad")
    assert "no worker with num_gpus=1" in row["message"], row


def test_a_packs_task_runs_in_the_runtime_env_of_its_tox_env(cluster_address: str, tmp_path: Path) -> None:
    pack = tmp_path / "packs" / "env_vad"
    pack.mkdir(parents=True)
    claims = (REPO / "model_packs/reference_vad/claims.yaml").read_text().split("claims:")[0]
    (pack / "claims.yaml").write_text(claims.replace("id: reference_vad", "id: env_vad"))
    adapter = (REPO / "model_packs/reference_vad/adapter.py").read_text()
    adapter = adapter.replace(
        "    return EnergyVad()",
        '    import os\n\n    assert os.environ.get("PACK_ENV") == "core", "runtime_env not applied"\n'
        "    return EnergyVad()",
    )
    (pack / "adapter.py").write_text(adapter)
    envs = tmp_path / "envs.json"
    envs.write_text(json.dumps({"core": {"env_vars": {"PACK_ENV": "core"}}}))
    code, out = _finish(
        _driver(cluster_address, tmp_path / "rep", str(pack), extra=(f"--ray-runtime-env={envs}",))
    )
    assert code == 0, out
    rows = _contract_rows(json.loads((tmp_path / "rep" / "report.json").read_text()), "env_vad")
    assert rows and all(r["outcome"] == "passed" for r in rows)


def _parent(pid: int) -> int:
    return int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds the task's process in /proc (Linux)")
def test_a_dead_worker_node_is_a_named_failure_too(cluster: Any, tmp_path: Path) -> None:
    slow = _slow_pack(tmp_path / "packs")
    driver = _driver(str(cluster.address), tmp_path / "rep", str(slow), "reference_vad")
    _, _, worker = _slow_pack_running(driver, f"--model-pack={slow}", tmp_path / "rep" / "report.json")
    ancestors, pid = set(), worker
    while pid > 1:
        ancestors.add(pid)
        pid = _parent(pid)
    [node] = [n for n in cluster.worker_nodes if ancestors & {p.pid for _, p in n.live_processes()}]
    cluster.remove_node(node, allow_graceful=False)  # the whole node: raylet, workers, store
    try:
        code, out = _finish(driver)
        assert code == 1, out
        assert "ray: slow_vad FAILED" in out
        report = json.loads((tmp_path / "rep" / "report.json").read_text())
        failure = [r for r in _contract_rows(report, "slow_vad") if r["name"] == "ray_task"]
        assert [r["outcome"] for r in failure] == ["failed"], out
        assert all(r["outcome"] == "passed" for r in _contract_rows(report, "reference_vad"))
    finally:
        cluster.add_node(**NODE)  # back to two workers for whatever runs next
        cluster.wait_for_nodes(timeout=120)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds the task's process in /proc (Linux)")
def test_ctrl_c_cancels_the_tasks_and_keeps_what_arrived(cluster_address: str, tmp_path: Path) -> None:
    slow = _slow_pack(tmp_path / "packs")
    driver = _driver(cluster_address, tmp_path / "rep", str(slow))
    marker = f"--model-pack={slow}"
    streamed, _, _ = _slow_pack_running(driver, marker, tmp_path / "rep" / "report.json")
    driver.send_signal(signal.SIGINT)
    code, out = _finish(driver)
    assert code == pytest.ExitCode.INTERRUPTED, out
    report = json.loads((tmp_path / "rep" / "report.json").read_text())
    assert report["status"] == "interrupted"
    rows = _contract_rows(report, "slow_vad")
    assert {r["name"] for r in streamed} <= {r["name"] for r in rows}
    assert any(r["name"] == "ray_task" and "interrupted" in r["message"] for r in rows)
    deadline = time.monotonic() + 30  # the cancelled task's pytest goes with its worker
    while _pids_running(marker) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not _pids_running(marker)
