"""Check a pack's requirements.txt against what is installed, without importing anything."""

from __future__ import annotations

import shlex
from importlib import metadata
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement

from pytest_audiocontract.spec.model import PackSpec


def missing_requirements(spec: PackSpec) -> list[str]:
    """Requirements of the pack (claims.yaml `install:`, then requirements.txt) whose
    distribution is not installed at all."""
    missing = []
    for line in [*spec.install, *_requirement_lines(spec.requirements_file)]:
        try:
            req = Requirement(line)
        except InvalidRequirement:
            continue  # pip options and URLs: pip's business, not ours
        if req.marker is not None and not req.marker.evaluate():
            continue
        try:
            metadata.version(req.name)
        except metadata.PackageNotFoundError:
            missing.append(line)
    return missing


def install_hint(spec: PackSpec, variant: str | None = None) -> str:
    """How to get what the pack (variant) needs: its `install:` list without dependencies,
    then its requirements; or the tox env that has them. The command works as printed."""
    env_name = spec.environment_of(variant) if variant else spec.environment
    env = f" or run it in its tox environment: tox -e {env_name}"
    steps = [f"pip install --no-deps {' '.join(map(shlex.quote, spec.install))}"] if spec.install else []
    if _requirement_lines(spec.requirements_file) or not steps:
        steps.append(f"pip install -r {shlex.quote(str(spec.requirements_file))}")
    return " && ".join(steps) + env


def _requirement_lines(path: Path) -> list[str]:
    if not path.is_file():
        return []
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            lines.append(line)
    return lines
