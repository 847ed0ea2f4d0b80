"""Whether a pack (variant) can run on this machine, and if not, why and what enables it.

One answer serves three readers: `load_model` (a skip that names the cause), `--ci-only` (the
packs it leaves out) and the terminal's skip summary (grouped by cause, with the command). Only
package metadata and the environment are read: nothing is imported.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from pytest_audiocontract.spec.model import PackSpec


@dataclass(frozen=True)
class Blocker:
    """Why a pack cannot run here: `cause` groups packs ("needs MISTRAL_API_KEY"), `detail`
    is this pack's part of it, `fix` the command that enables it."""

    cause: str
    detail: str
    fix: str


def blocker_of(spec: PackSpec, variant: str | None = None) -> Blocker | None:
    """The first thing that stops `variant` (default: the pack's first) of `spec` here, or None."""
    from pytest_audiocontract.packs.requirements import missing_requirements

    variant = variant or spec.default_variant
    missing = missing_requirements(spec)
    if missing:
        env = spec.environment_of(variant)
        stack = "random-weight stack" if env.startswith("random-") else f"{spec.runtime_of(variant)} stack"
        return Blocker(f"{stack} not installed", f"needs {', '.join(missing)}", f"tox -e {env}")
    unset = [name for name in spec.secrets if not os.environ.get(name, "").strip()]
    if unset:
        return Blocker(
            f"needs {', '.join(unset)}",
            f"{', '.join(unset)} not set",
            " && ".join(f"export {name}=..." for name in unset),
        )
    if variant in spec.weights:
        from pytest_audiocontract.packs.weights import weights_status

        status = weights_status(spec, variant)
        if not status.found:
            return weights_blocker(spec, variant)
    return None


def weights_blocker(spec: PackSpec, variant: str) -> Blocker:
    """A variant whose weights folder is unset or incomplete: build it or point at it."""
    source = spec.weights[variant]
    if source.builder and not os.environ.get(source.env):
        return Blocker(
            "random-weight checkpoint not built",
            f"variant {variant}",
            f"python -m builders {source.builder}",
        )
    return Blocker("weights not found", f"variant {variant}", f"export {source.env}=/path/to/weights")
