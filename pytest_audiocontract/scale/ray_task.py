"""One pack's run on a Ray worker: `python -m pytest <the run's options> --model-pack=<pack>`.

The task runs pytest in a subprocess (the worker stays clean: no model is ever imported into
it, a crash or a hang stays in the child) with its own report folder, and yields that
report.json's content each time it grows, so records reach the driver as they finish. Nothing
here imports Ray: `ray_runner` runs `stream_pack` as a streaming task.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypedDict

from pytest_audiocontract.json_types import JSONObject

# The driver's options that a pack's own run must not repeat (it gets its own pack and report).
DRIVER_ONLY = (
    "--audiocontract-ray",
    "--ray-pack-timeout",
    "--ray-runtime-env",
    "--audiocontract-report",
    "--model-pack",
    "--shard",
    "--shard-durations",
)


class PackMessage(TypedDict, total=False):
    """What a pack's task yields: its report so far, then (final) how its pytest ended."""

    final: bool
    report: JSONObject | None  # the run's report.json (None until pytest wrote one)
    node: str  # the host the task ran on
    returncode: int | None  # final only: pytest's exit status, None when killed past the timeout
    output: str  # final only: the end of pytest's output
    python: str  # final only: the interpreter it ran


def without_options(args: Iterable[str], names: Iterable[str] = DRIVER_ONLY) -> list[str]:
    """`args` less each `--name VALUE` and `--name=VALUE` of `names`."""
    names = tuple(names)
    out: list[str] = []
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in names:
            skip = True
        elif not arg.startswith(tuple(f"{n}=" for n in names)):
            out.append(arg)
    return out


def python_for(cwd: Path, toxenv: str) -> str:
    """The tox environment's interpreter where this worker has one (`.tox/<env>/bin/python`),
    else the worker's own: a pack runs beside its own runtime's packages."""
    candidate = cwd / ".tox" / toxenv / "bin" / "python"
    return str(candidate) if candidate.is_file() else sys.executable


def _die_with_parent() -> None:
    """In the child, before exec (Linux): SIGKILL it when the Ray worker that started it dies,
    so a dead worker never leaves its pack's pytest running unseen."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGKILL)


def stream_pack(
    pack_root: str, args: list[str], cwd: str, toxenv: str, timeout_s: float, poll_s: float = 1.0
) -> Iterator[PackMessage]:
    """Run one pack's items, yielding its report as it grows: {"final": False, "report": ...}
    each time report.json changed (checked every `poll_s` seconds), then one final
    {"final": True, returncode, report, output, node, python}.

    `report` is the run's report.json (None if pytest never wrote one). The child is killed,
    with its process group, after `timeout_s` seconds (returncode None then)."""
    python = python_for(Path(cwd), toxenv)
    node = socket.gethostname()
    with tempfile.TemporaryDirectory(prefix="audiocontract-ray-") as tmp, tempfile.TemporaryFile("w+") as log:
        report_file = Path(tmp) / "report.json"
        command = [python, "-m", "pytest", "-p", "no:cacheprovider", *args]
        command += [f"--model-pack={pack_root}", f"--audiocontract-report={tmp}"]
        child = subprocess.Popen(
            command,
            cwd=cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its own group: a timeout ends the models it started too
            preexec_fn=_die_with_parent,
        )
        deadline = time.monotonic() + timeout_s
        seen = None
        returncode: int | None = None
        while True:
            try:
                returncode = child.wait(timeout=poll_s)
                break
            except subprocess.TimeoutExpired:
                if time.monotonic() > deadline:
                    os.killpg(child.pid, signal.SIGKILL)
                    child.wait()
                    returncode = None
                    break
            stamp = _stamp(report_file)
            if stamp is not None and stamp != seen:
                seen = stamp
                partial = _read(report_file)
                if partial is not None:
                    yield {"final": False, "report": partial, "node": node}
        log.seek(0)
        output = log.read()
        yield {
            "final": True,
            "returncode": returncode,
            "report": _read(report_file),
            "output": output[-4000:],
            "node": node,
            "python": python,
        }


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size)


def _read(path: Path) -> JSONObject | None:
    try:
        data: object = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # not there yet, or caught between two writes
        return None
    return data if isinstance(data, dict) else None
