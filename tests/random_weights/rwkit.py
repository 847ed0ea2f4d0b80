"""Helpers of the random-weight tests: build a checkpoint, import a pack's module, and run a
pack's contracts in a child pytest exactly as a user would."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PACKS = ROOT / "model_packs"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # the builders package lives at the repository root


def pack_module(pack: str, name: str = "adapter") -> Any:
    """Import `name` of model_packs/<pack> as the plugin does (a package, for relative imports)."""
    package = f"_test_random_{pack}"
    if package not in sys.modules:
        module = types.ModuleType(package)
        module.__path__ = [str(PACKS / pack)]
        sys.modules[package] = module
    return importlib.import_module(f"{package}.{name}")


def build(name: str) -> Path:
    """The cached random-weight checkpoint `name` (built now if absent)."""
    from builders import checkpoint

    return checkpoint(name)


def run_contracts(
    pack: str, env: dict[str, str], failures: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    """`python -m pytest --model-pack=model_packs/<pack> -rs ARGS` in the repository root,
    with `env` added to this process's environment; failing inputs go to `failures`."""
    command = [
        sys.executable,
        "-m",
        "pytest",
        f"--model-pack={PACKS / pack}",
        "-q",
        "-rs",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:xdist",
        f"--audiocontract-failures={failures}",
        *args,
    ]
    return subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )


def summary(result: subprocess.CompletedProcess[str]) -> str:
    """The child run's last lines, for assertion messages."""
    return "\n".join((result.stdout + result.stderr).splitlines()[-40:])
