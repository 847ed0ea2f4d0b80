"""Contract inputs cut from the fixture datasets: real speech, and real non-speech sounds.

Some rules need what synthesis cannot give: a recogniser's text on real speech, compared
across a gain change or added silence, and its text on real sounds that are not speech
(music, bells, sirens). A `FixtureSpec` names a fixture file plus the change applied to it
(gain, leading and trailing digital silence); like a `SignalSpec` it is small, hashable,
printable and rebuilds its waveform, so Hypothesis can draw it and a failure can be replayed.

The fixtures live in the repository (fixtures/); in an installation without them the rules
that need them are skipped with that reason (`fixtures_missing`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from pytest_audiocontract.types import AudioArray

SPEECH_DATASET = "speech_en"
# Datasets of sounds that are not speech, and the items of mixed sets that hold speech.
NON_SPEECH_DATASETS = ("melodies", "events")
SPEECH_LABELS = frozenset({"Speech"})


@dataclass(frozen=True)
class FixtureSpec:
    """`file` of fixture `dataset` (item `item`, `base_samples` long at `sr` Hz), scaled by
    `gain` and with `lead_s` / `trail_s` seconds of digital silence before and after."""

    dataset: str
    item: str
    file: str
    sr: int
    base_samples: int
    gain: float = 1.0
    lead_s: float = 0.0
    trail_s: float = 0.0

    kind = "fixture"
    is_silent = False

    @property
    def n_samples(self) -> int:
        return self.base_samples + round(self.lead_s * self.sr) + round(self.trail_s * self.sr)

    @property
    def duration(self) -> float:
        """Seconds."""
        return self.n_samples / self.sr

    def scaled(self, gain: float) -> FixtureSpec:
        return replace(self, gain=self.gain * gain)

    def padded(self, lead_s: float, trail_s: float) -> FixtureSpec:
        return replace(self, lead_s=self.lead_s + lead_s, trail_s=self.trail_s + trail_s)

    def describe(self) -> str:
        changes = [f"gain {self.gain:g}"] if self.gain != 1.0 else []
        if self.lead_s or self.trail_s:
            changes.append(f"{self.lead_s:g} s of silence before, {self.trail_s:g} s after")
        extra = f", {', '.join(changes)}" if changes else ""
        return (
            f"fixture {self.dataset}/{self.item}{extra}, {self.n_samples} samples "
            f"({self.duration:.3f} s) at {self.sr} Hz"
        )

    def render(self) -> AudioArray:
        from pytest_audiocontract.spec.datasets import load_dataset

        audio, sr = load_dataset(self.dataset).audio(self.file)
        if sr != self.sr or audio.size != self.base_samples:
            raise ValueError(
                f"{self.dataset}/{self.file} is {audio.size} samples at {sr} Hz, but the input "
                f"was drawn as {self.base_samples} at {self.sr}: the fixture changed; draw again"
            )
        lead = np.zeros(round(self.lead_s * sr), dtype=np.float32)
        trail = np.zeros(round(self.trail_s * sr), dtype=np.float32)
        joined = np.concatenate([lead, audio.astype(np.float32) * np.float32(self.gain), trail])
        return joined.astype(np.float32)


def _fixtures() -> Path:
    from pytest_audiocontract.spec.datasets import fixtures_root

    return fixtures_root()


def fixtures_missing(*names: str) -> str | None:
    """Why the fixture datasets `names` cannot be used here, or None."""
    missing = [n for n in names if not (_fixtures() / n / "manifest.yaml").is_file()]
    if not missing:
        return None
    return (
        f"the fixture datasets {', '.join(missing)} are not in {_fixtures()} (they ship with the "
        "repository, not the package); run from a checkout of pytest-audiocontract"
    )


def _specs(dataset_name: str, keep: bool | None = None) -> tuple[FixtureSpec, ...]:
    import soundfile as sf

    from pytest_audiocontract.spec.datasets import load_dataset

    dataset = load_dataset(dataset_name)
    found = []
    for item in dataset:
        if not item.file or (keep is False and item.label in SPEECH_LABELS):
            continue
        info = sf.info(str(dataset.path(item.file)))
        found.append(FixtureSpec(dataset_name, item.id, item.file, int(info.samplerate), int(info.frames)))
    return tuple(found)


@functools.cache
def speech_specs() -> tuple[FixtureSpec, ...]:
    """Every item of speech_en, as it is."""
    return _specs(SPEECH_DATASET)


@functools.cache
def non_speech_specs() -> tuple[FixtureSpec, ...]:
    """Every item of the music and sound-event sets that holds no speech."""
    return tuple(spec for name in NON_SPEECH_DATASETS for spec in _specs(name, keep=False))
