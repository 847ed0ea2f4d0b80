"""Weights folders for packs whose weights no package ships (claims.yaml's `weights:` block).

A variant's folder is the one its variable names; a variant with a `builder` falls back to that
builder's random-weight cache (`$AUDIOCONTRACT_RANDOM_CACHE/<builder>`, default
~/.cache/audiocontract/random/<builder>), which `python -m builders <builder>` fills. Adapters
call `weights_dir(__file__, variant)`; `audiocontract list` calls `weights_status`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pytest_audiocontract.errors import MissingWeights
from pytest_audiocontract.spec.model import PackSpec, WeightsSource

RANDOM_CACHE_ENV = "AUDIOCONTRACT_RANDOM_CACHE"


def random_cache_root() -> Path:
    """`$AUDIOCONTRACT_RANDOM_CACHE`, or ~/.cache/audiocontract/random."""
    root = os.environ.get(RANDOM_CACHE_ENV)
    return Path(root) if root else Path.home() / ".cache" / "audiocontract" / "random"


@dataclass(frozen=True)
class WeightsStatus:
    """What was found for one variant: the folder looked at (None when nothing names one) and
    the declared files it lacks."""

    variant: str
    source: WeightsSource
    folder: Path | None
    missing: tuple[str, ...]

    @property
    def found(self) -> bool:
        return self.folder is not None and not self.missing

    def problem(self) -> str:
        """Why the weights cannot be used, and what to do about it."""
        source = self.source
        if self.folder is None:
            where = f" ({source.upstream})" if source.upstream else ""
            return (
                f"variant {self.variant!r} needs weights that no package ships "
                f"({source.env} is not set): download them{where} and set {source.env} "
                "to that folder"
            )
        if source.builder and os.environ.get(source.env) is None:
            fix = f"build it: python -m builders {source.builder} (from the repository root)"
        else:
            fix = f"point {source.env} at a folder holding {', '.join(source.files)}"
        return f"variant {self.variant!r}: {self.folder} lacks {', '.join(self.missing)}: {fix}"


def weights_status(spec: PackSpec, variant: str) -> WeightsStatus:
    """Look for `variant`'s weights folder and check it holds the declared files."""
    if variant not in spec.weights:
        known = ", ".join(spec.weights) or "none"
        raise ValueError(
            f"pack {spec.id!r} declares no weights for variant {variant!r} "
            f"(weights are declared for: {known})"
        )
    source = spec.weights[variant]
    named = os.environ.get(source.env)
    if named:
        folder: Path | None = Path(named).expanduser()
    elif source.builder:
        folder = random_cache_root() / source.builder
    else:
        folder = None
    missing = (
        () if folder is None else tuple(pattern for pattern in source.files if not _matches(folder, pattern))
    )
    return WeightsStatus(variant, source, folder, missing)


def _matches(folder: Path, pattern: str) -> bool:
    if any(ch in pattern for ch in "*?["):
        return any(p.is_file() for p in folder.glob(pattern))
    return (folder / pattern).is_file()


def weights_dir(pack: str | Path, variant: str) -> Path:
    """The weights folder of `variant` for the pack at `pack` (its folder, claims.yaml or any
    file in it, such as the adapter's `__file__`); MissingWeights says what to set or build."""
    status = weights_status(_spec(_pack_folder(Path(pack))), variant)
    if not status.found:
        raise MissingWeights(status.problem())
    assert status.folder is not None
    return status.folder


def _pack_folder(path: Path) -> Path:
    return (path if path.is_dir() else path.parent).resolve()


@cache
def _spec(folder: Path) -> PackSpec:
    from pytest_audiocontract.spec.loader import load_pack_spec

    return load_pack_spec(folder)
