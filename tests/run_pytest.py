"""`python -m pytest ARGS` in a child process, as a user runs it: for tests that need a run of
their own (its exit status, terminal output, report folder or pytest-benchmark saves).

Test files import it as `from run_pytest import run_pytest` (tests/ is on sys.path through
tests/conftest.py).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path


def run_pytest(
    *args: str | Path, cwd: Path, env: Mapping[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run pytest with this interpreter in `cwd` (with `env` as the whole environment when
    given), output captured as text; `-p no:cacheprovider` keeps .pytest_cache out of `cwd`.
    The caller checks the exit status: many runs here are meant to fail."""
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *map(str, args)]
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
