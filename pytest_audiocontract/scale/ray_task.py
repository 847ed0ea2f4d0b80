"""One pack's run on a Ray worker: `python -m pytest <the run's options> --model-pack=<pack>`.

The task runs pytest in a subprocess (the worker stays clean: no model is ever imported into
it, a crash or a hang stays in the child) with its own report folder, and returns that
report.json's content. Nothing here imports Ray: `ray_runner` wraps `run_pack` in a task.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# The driver's options that a pack's own run must not repeat (it gets its own pack and report).
DRIVER_ONLY = (
    "--audiocontract-ray",
    "--ray-pack-timeout",
    "--audiocontract-report",
    "--model-pack",
    "--shard",
    "--shard-durations",
)


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


def run_pack(pack_root: str, args: list[str], cwd: str, toxenv: str, timeout_s: float) -> dict[str, Any]:
    """Run one pack's items; returns {returncode, report, output, node, python}.

    `report` is the run's report.json (None if pytest never wrote one). The child is killed,
    with its process group, after `timeout_s` seconds (returncode None then)."""
    python = python_for(Path(cwd), toxenv)
    with tempfile.TemporaryDirectory(prefix="audiocontract-ray-") as tmp:
        command = [
            python,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            *args,
            f"--model-pack={pack_root}",
            f"--audiocontract-report={tmp}",
        ]
        child = subprocess.Popen(
            command,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its own group: a timeout ends the models it started too
            preexec_fn=_die_with_parent,
        )
        try:
            output, _ = child.communicate(timeout=timeout_s)
            returncode: int | None = child.returncode
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            output, _ = child.communicate()
            returncode = None
        report_file = Path(tmp) / "report.json"
        try:
            report = json.loads(report_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            report = None
    return {
        "returncode": returncode,
        "report": report,
        "output": output[-4000:],
        "node": socket.gethostname(),
        "python": python,
    }
