"""The machine a figure was measured on, so runs from different machines are never mixed up."""

from __future__ import annotations

import functools
import os
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from pytest_audiocontract.json_types import JSONObject

_PACKAGES = (
    "pytest-audiocontract",
    "numpy",
    "hypothesis",
    "pytest",
    "pytest-benchmark",
    "onnxruntime",
    "ctranslate2",
    "torch",
    "tensorflow",
    "ai-edge-litert",
)


@functools.cache
def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def device_fingerprint(device: str = "cpu") -> str:
    """`cpu: <model> x<cores>`; runs compare only when these match."""
    return f"{device}: {cpu_model()} x{os.cpu_count()}"


@functools.cache
def run_fingerprint() -> JSONObject:
    packages: JSONObject = {}
    for name in _PACKAGES:
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return {
        "machine": platform.machine(),
        "platform": platform.platform(),
        "cpu": cpu_model(),
        "cpu_count": os.cpu_count(),
        "python": sys.version.split()[0],
        "packages": packages,
        "git_commit": _git_commit(),
    }


def _git_commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None
