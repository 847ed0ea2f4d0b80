"""Where a claim's inputs come from: a fixture dataset, or built-in synthetic inputs."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from pytest_audiocontract.audio.synth import SignalSpec, render
from pytest_audiocontract.errors import ClaimsError, ClaimsProblem
from pytest_audiocontract.spec.datasets import Dataset, fixtures_root, load_dataset
from pytest_audiocontract.types import AudioArray

SYNTHETIC_SECONDS = (2.0, 5.0, 10.0)
SYNTHETIC_TEXTS = (
    "Hello.",
    "The quick brown fox jumps over the lazy dog.",
    "Streaming recognisers should keep up with real time, even on a small machine with two "
    "cores and nothing else to do.",
)


def synthetic_inputs(sr: int = 16000) -> list[tuple[AudioArray, int]]:
    """Speech-like bursts of a few lengths (seconds in SYNTHETIC_SECONDS) at `sr` Hz."""
    return [
        (render(SignalSpec("bursts", sr, int(s * sr), level=0.5, freq=150.0, seed=i)), sr)
        for i, s in enumerate(SYNTHETIC_SECONDS)
    ]


def native_rate(facts: dict[str, object]) -> int:
    rate = facts.get("sample_rate")
    return int(rate) if isinstance(rate, int) and 8000 <= rate <= 48000 else 16000


def resolve_dataset(name: str, pack_root: Path, rootdir: Path) -> Dataset:
    """A dataset by path (relative to the pack) or by name under a fixtures/ folder."""
    candidates = [pack_root / name] if ("/" in name or name.endswith(".yaml")) else []
    candidates += [
        rootdir / "fixtures" / name,
        pack_root.parent.parent / "fixtures" / name,
        fixtures_root() / name,
    ]
    for candidate in candidates:
        if candidate.exists():
            return load_dataset(candidate)
    looked = ", ".join(str(c) for c in dict.fromkeys(candidates))
    raise ClaimsError(
        [
            ClaimsProblem(
                str(pack_root / "claims.yaml"),
                None,
                "dataset",
                f"{name!r} not found (looked in {looked}); give a dataset "
                "under fixtures/ or a manifest path relative to the pack",
            )
        ]
    )


def duration(inputs: list[tuple[AudioArray, int]]) -> float:
    """Total seconds of audio."""
    return float(sum(a.size / sr for a, sr in inputs))


def as_array(audio: object) -> AudioArray:
    return np.asarray(audio, dtype=np.float32)
