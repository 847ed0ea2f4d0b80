"""`pytest --audiocontract-ray ADDRESS`: each selected pack as one Ray task on a pool.

The driver resolves the packs the same options select and submits one streaming task per pack
(`num_gpus` from the device the pack runs on, `num_cpus` 1, no retries). Each task sends its
pack's report as it grows; the driver merges the latest of every pack into one report folder
(results/merge.py) on each arrival and prints a line per finished pack. A task whose worker
or node died, or that ran past `--ray-pack-timeout`, becomes a failing `ray_task` row named
after its pack, beside the records it sent before; the others carry on. Every wait is
bounded: connecting, each `ray.wait`, each `ray.get`. Ray is imported only here, only when the
option is given (the `ray` extra).
"""

from __future__ import annotations

import copy
import json
import logging
import socket
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import cast

import pytest

from pytest_audiocontract.json_types import JSON, JSONObject
from pytest_audiocontract.scale.ray_api import RayApi, TaskStream
from pytest_audiocontract.scale.ray_task import PackMessage, stream_pack, without_options

CONNECT_TIMEOUT_S = 60.0
POLL_S = 2.0


@dataclass(frozen=True)
class PackJob:
    pack: str
    root: Path
    toxenv: str
    device: str

    @property
    def num_gpus(self) -> int:
        """Ray's GPUs are CUDA devices: a cuda pack asks for one, cpu and mps packs for none."""
        return 1 if self.device == "cuda" else 0


@dataclass
class Outcome:
    """What came back for one pack: its report, or why there is none."""

    job: PackJob
    report: JSONObject | None = None
    problem: str | None = None  # the named failure: worker died, timed out, no report
    node: str = ""
    seconds: float = 0.0
    extra: JSONObject = field(default_factory=dict)  # the final message's returncode and python


def pack_jobs(config: pytest.Config) -> list[PackJob]:
    """The packs this run's options select, each with its tox env and device."""
    from pytest_audiocontract.configure import default_packs, pack_filter, search_roots
    from pytest_audiocontract.packs.discovery import PackNotFound, read_pack, resolve

    roots = search_roots(config)
    values = config.getoption("model_pack") or default_packs(config) or ["all"]
    try:
        selected = resolve(values, roots, Path(config.invocation_params.dir))
    except PackNotFound as exc:
        raise pytest.UsageError(str(exc)) from None
    # Whether a pack can run is for its worker's environment to say (each task runs pytest
    # with these options there), not this driver's: --ci-only keeps ci: true here.
    chosen = replace(pack_filter(config), runnable_only=False)
    jobs = []
    for root in selected:
        spec = read_pack(root).spec
        if spec is None:  # its own run reports the bad claims.yaml by name
            jobs.append(PackJob(root.name, root, "core", "cpu"))
        elif chosen.accepts(spec):
            variants = chosen.variants_of(spec) or [spec.default_variant]
            devices = chosen.devices_of(spec)  # its run covers each; a GPU if any is cuda
            device = "cuda" if "cuda" in devices else devices[0]
            jobs.append(PackJob(spec.id, root, spec.environment_of(variants[0]), device))
    return jobs


def runtime_envs(path: str | None) -> dict[str, JSONObject]:
    """`--ray-runtime-env FILE`: {tox env: runtime_env}, checked to be that shape."""
    if not path:
        return {}
    try:
        data: object = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise pytest.UsageError(f"--ray-runtime-env {path}: cannot be read as JSON ({exc})") from None
    if not isinstance(data, dict):
        raise pytest.UsageError(
            f"--ray-runtime-env {path}: a {type(data).__name__}, but should be an object mapping "
            'tox env names to runtime_env objects, e.g. {"pytorch": {"pip": ["torch==2.13.0"]}}'
        )
    for env, value in data.items():
        if not isinstance(value, dict):
            raise pytest.UsageError(
                f"--ray-runtime-env {path}: key {env!r} is a {type(value).__name__}, but should be "
                'a runtime_env object such as {"env_vars": {"NAME": "value"}}'
            )
    return data


def connect(address: str, timeout_s: float = CONNECT_TIMEOUT_S) -> RayApi:
    """`ray.init(address=...)`, bounded: an address nothing answers on is a usage error in
    seconds, and an init that does not return within `timeout_s` is one too."""
    try:
        import ray
    except ImportError:
        raise pytest.UsageError(
            "--audiocontract-ray needs Ray: pip install 'pytest-audiocontract[ray]'"
        ) from None
    if address not in ("auto", "local") and not address.startswith("ray://"):
        host, _, port = address.rpartition(":")
        try:
            socket.create_connection((host or "127.0.0.1", int(port)), timeout=10).close()
        except (OSError, ValueError) as exc:
            raise pytest.UsageError(
                f"--audiocontract-ray {address}: nothing answers there ({exc}); give the head "
                "node's HOST:PORT that `ray start --head` printed"
            ) from None
    errors: list[BaseException] = []

    def init() -> None:
        try:
            ray.init(address=address, log_to_driver=False, logging_level=logging.ERROR)
        except BaseException as exc:  # handed to the caller's thread
            errors.append(exc)

    thread = threading.Thread(target=init, daemon=True)
    thread.start()
    thread.join(timeout_s)
    if thread.is_alive() or errors:
        why = f"{type(errors[0]).__name__}: {errors[0]}" if errors else f"no answer in {timeout_s:g} s"
        raise pytest.UsageError(
            f"--audiocontract-ray {address}: cannot connect ({why}). Is it the address `ray start "
            "--head` printed? A cluster with Ray's token authentication needs RAY_AUTH_MODE=token "
            "here and its token (~/.ray/auth_token, or RAY_AUTH_TOKEN)"
        )
    return cast(RayApi, ray)  # the module, typed by the few calls the driver makes (ray_api.py)


def run_on_ray(config: pytest.Config) -> int:
    """The whole run: submit, collect as they finish, write one report. Exit 0 or 1."""
    address = str(config.getoption("audiocontract_ray"))
    timeout_s = float(config.getoption("ray_pack_timeout"))
    folder = Path(config.getoption("audiocontract_report") or "reports/ray")
    if not folder.is_absolute():
        folder = Path(config.invocation_params.dir) / folder
    jobs = pack_jobs(config)
    if not jobs:
        raise pytest.UsageError("--audiocontract-ray: no pack matches the selection; nothing to run")
    args = without_options(config.invocation_params.args)
    envs = runtime_envs(config.getoption("ray_runtime_env"))
    ray = connect(address)
    try:
        outcomes = collect(ray, jobs, args, str(config.invocation_params.dir), timeout_s, folder, envs)
    except KeyboardInterrupt:
        print(f"audiocontract ray: interrupted; the packs that finished are in {folder}")
        return int(pytest.ExitCode.INTERRUPTED)
    finally:
        ray.shutdown()
    failed = [o for o in outcomes if o.problem or o.extra.get("returncode") not in (0, 5)]
    print(f"audiocontract ray: {len(jobs)} pack(s), {len(failed)} failed; report in {folder}")
    return 1 if failed else 0


def collect(
    ray: RayApi,
    jobs: list[PackJob],
    args: list[str],
    cwd: str,
    timeout_s: float,
    folder: Path,
    envs: dict[str, JSONObject] | None = None,
) -> list[Outcome]:
    """Submit every pack, then take each pack's reports as they grow (streaming tasks) until
    each has ended, died or run out of time; the report folder is rewritten on every change."""
    task = ray.remote(stream_pack)
    started = time.monotonic()
    running: dict[TaskStream, Outcome] = {}
    for job in jobs:
        resources: dict[str, object] = {"num_cpus": 1, "num_gpus": job.num_gpus, "max_retries": 0}
        if envs and job.toxenv in envs:  # --ray-runtime-env: the task runs in its env's runtime_env
            resources["runtime_env"] = envs[job.toxenv]
        gen = task.options(num_returns="streaming", **resources).remote(
            str(job.root), args, cwd, job.toxenv, timeout_s
        )
        running[gen] = Outcome(job)
    outcomes = list(running.values())  # in submission order, filled in as they report
    # the task's own subprocess timeout ends it first; this bound is for a task that never
    # starts (no worker with the resources) or a node that stopped answering
    grace = min(60.0, timeout_s)
    try:
        _drain(ray, running, outcomes, started, started + timeout_s + grace, folder)
    except KeyboardInterrupt:  # Ctrl-C: end the tasks too, keep what arrived
        for gen, outcome in running.items():
            ray.cancel(gen, force=True)
            outcome.problem = f"pack '{outcome.job.pack}': interrupted (Ctrl-C) before it finished"
        write_report(folder, outcomes, final=True, status="interrupted")
        raise
    write_report(folder, outcomes, final=True)
    return outcomes


def _drain(
    ray: RayApi,
    running: dict[TaskStream, Outcome],
    outcomes: list[Outcome],
    started: float,
    deadline: float,
    folder: Path,
) -> None:
    """Take every message until no pack runs; past `deadline` (monotonic s), cancel the rest."""
    while running:
        ready, _ = ray.wait(list(running), num_returns=1, timeout=POLL_S)
        for gen in ready:
            outcome = running[gen]
            if _take(ray, gen, outcome, started):
                del running[gen]
                print(progress_line(outcome), flush=True)
            write_report(folder, outcomes, final=False)
        if running and time.monotonic() > deadline:
            for gen, outcome in running.items():
                ray.cancel(gen, force=True)
                outcome.seconds = time.monotonic() - started
                outcome.problem = (
                    f"pack '{outcome.job.pack}': its Ray task did not finish within "
                    f"{deadline - started:g} s (no worker with num_gpus={outcome.job.num_gpus} free, "
                    "or its node stopped answering); cancelled. Check `ray status`, or raise "
                    "--ray-pack-timeout"
                )
                print(progress_line(outcome), flush=True)
            running.clear()


def _take(ray: RayApi, gen: TaskStream, outcome: Outcome, started: float) -> bool:
    """Read the pack's next message into `outcome`; True once the pack has ended."""
    job = outcome.job
    outcome.seconds = time.monotonic() - started
    try:
        # what stream_pack yielded, as Ray hands it back (untyped)
        message = cast(PackMessage, ray.get(next(gen), timeout=60))
    except StopIteration:
        if outcome.problem is None and "returncode" not in outcome.extra:
            outcome.problem = f"pack '{job.pack}': its Ray task ended without a final report"
        return True
    except Exception as exc:  # WorkerCrashedError, NodeDiedError, RayTaskError, GetTimeoutError
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        kept = " (the records it sent before are kept)" if outcome.report else ""
        outcome.problem = (
            f"pack '{job.pack}': its Ray worker died or failed before the pack finished "
            f"({type(exc).__name__}: {first[:300]}); its other items did not report{kept}, the "
            "other packs carried on. Re-run this pack alone to see its own error"
        )
        return True
    outcome.node = str(message.get("node") or outcome.node)
    report = message.get("report")
    if report is not None:
        outcome.report = report
    if not message.get("final"):
        return False
    code = message.get("returncode")
    outcome.extra = {"returncode": code, "python": message.get("python")}
    if code is None:
        outcome.problem = f"pack '{job.pack}': ran past --ray-pack-timeout on {outcome.node}; killed"
    elif outcome.report is None or outcome.report.get("status") != "complete":
        tail = str(message.get("output") or "").strip().splitlines()[-3:]
        outcome.problem = (
            f"pack '{job.pack}': its pytest on {outcome.node} ended with exit status {code} "
            f"without a complete report (killed or crashed): {' | '.join(tail)[:500]}"
        )
    return True


def progress_line(outcome: Outcome) -> str:
    where = f" on {outcome.node}" if outcome.node else ""
    if outcome.problem:
        return f"ray: {outcome.job.pack} FAILED{where} after {outcome.seconds:.1f} s: {outcome.problem}"
    counts: dict[str, int] = {}
    for section in _object(_object(outcome.report).get("packs")).values():
        for entries in _object(section).values():
            for entry in entries if isinstance(entries, list) else []:
                name = str(_object(entry).get("outcome"))
                counts[name] = counts.get(name, 0) + 1
    summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "nothing reported"
    return f"ray: {outcome.job.pack} done{where} after {outcome.seconds:.1f} s ({summary})"


def failure_report(outcome: Outcome) -> JSONObject:
    """A pack with no (complete) report: one failing row under its name, beside whatever
    records its run did write before it died."""
    from pytest_audiocontract.results.report import empty_report

    report: JSONObject = copy.deepcopy(outcome.report or empty_report())  # the row goes into this copy only
    packs = _child(report, "packs", {})
    pack = _child(packs, outcome.job.pack, {"contracts": [], "claims": [], "benchmarks": [], "docs": []})
    contracts = pack.setdefault("contracts", [])
    if not isinstance(contracts, list):
        contracts = pack["contracts"] = []
    contracts.append(
        {
            "nodeid": f"ray::{outcome.job.pack}",
            "group": "ray",
            "name": "ray_task",
            "surface": None,
            "rule": None,
            "outcome": "failed",
            "message": outcome.problem,
        }
    )
    report["status"] = "incomplete"
    return report


def _object(value: JSON | None) -> JSONObject:
    """`value` when it is a JSON object, else {} (a report may lack the key)."""
    return value if isinstance(value, dict) else {}


def _child(parent: JSONObject, key: str, default: JSONObject) -> JSONObject:
    """`parent[key]`, set to `default` first where it is missing or not an object."""
    found = parent.get(key)
    if isinstance(found, dict):
        return found
    parent[key] = default
    return default


def write_report(folder: Path, outcomes: list[Outcome], final: bool, status: str | None = None) -> None:
    from pytest_audiocontract.results.merge import merge_reports
    from pytest_audiocontract.results.report import ReportWriter

    inputs = [
        (f"{o.job.toxenv}:{o.job.pack}", failure_report(o) if o.problem else o.report)
        for o in outcomes
        if o.problem or o.report is not None
    ]
    writer = ReportWriter(folder)
    if inputs:
        writer.data = merge_reports([(env, r) for env, r in inputs if r is not None])
    writer.data["status"] = status or (writer.data.get("status", "running") if final else "running")
    writer.data["run"] = {**_object(writer.data.get("run")), "ray": True}
    writer.write()
