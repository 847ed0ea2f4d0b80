"""Single-speaker speech for contract inputs: one voice's utterances from fixtures/speech_en.

A `SignalSpec` of kind "voice" picks a voice with its `seed`, strings that voice's utterances
together with pauses of 0.3 to 1.0 s, resamples to the spec's rate, scales the peak to its
`level` and cuts or zero-pads to `n_samples`. The voices: Piper joe (four utterances), the
real alsa-utils recording voice (four), and four eSpeak NG voices (one each).
"""

from __future__ import annotations

from functools import cache

import numpy as np

from pytest_audiocontract.audio.resample import fit_length, resample
from pytest_audiocontract.types import AudioArray

DATASET = "speech_en"
# Item ids by voice; each list is one speaker.
VOICES: dict[str, tuple[str, ...]] = {
    "piper joe": ("joe_0001", "joe_0002", "joe_0003", "joe_0004"),
    "alsa-utils real voice": ("alsa_front_left", "alsa_front_right", "alsa_rear_center", "alsa_side_right"),
    "espeak-ng en-us": ("espeak_0005",),
    "espeak-ng en-us+f3": ("espeak_0006",),
    "espeak-ng en-gb-x-rp": ("espeak_0007",),
    "espeak-ng en-us+m3": ("espeak_0008",),
}


def voice_of(seed: int) -> str:
    return list(VOICES)[seed % len(VOICES)]


def missing() -> str | None:
    """Why voice inputs cannot be built here, or None."""
    from pytest_audiocontract.spec.datasets import fixtures_root

    folder = fixtures_root() / DATASET
    if not (folder / "manifest.yaml").is_file():
        return (
            f"single-speaker inputs come from {folder}, which is missing "
            "(run from a checkout of the project, or build it with `python fixtures/build.py speech_en`)"
        )
    return None


@cache
def _clips() -> dict[str, tuple[AudioArray, int]]:
    from pytest_audiocontract.spec.datasets import load_dataset

    dataset = load_dataset(DATASET)
    return {item.id: dataset.audio(str(item.file)) for item in dataset if item.file}


def render_voice(seed: int, sr: int, n_samples: int, level: float) -> AudioArray:
    """One voice's speech, `n_samples` long at `sr` Hz, peak `level` (see the module docstring)."""
    rng = np.random.default_rng(seed)
    ids = list(VOICES[voice_of(seed)])
    rng.shuffle(ids)
    clips = _clips()
    native = clips[ids[0]][1]
    parts: list[AudioArray] = []
    for i in range(len(ids) * 3):  # repeat the voice's utterances if the input is long
        clip, _ = clips[ids[i % len(ids)]]
        parts += [clip, np.zeros(int(rng.uniform(0.3, 1.0) * native), dtype=np.float32)]
        if sum(p.size for p in parts) * sr >= n_samples * native:
            break
    x = resample(np.concatenate(parts), native, sr)
    x = fit_length(x, n_samples).astype(np.float64)
    peak = float(np.max(np.abs(x))) if x.size else 0.0
    return (x * (level / peak) if peak > 0 else x).astype(np.float32)
