"""Read and write audio files (soundfile), always as float32 mono."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from pytest_audiocontract.audio.resample import as_float32_mono
from pytest_audiocontract.types import AudioArray


def read_audio(path: str | Path) -> tuple[AudioArray, int]:
    """Every format libsndfile reads; multi-channel audio is averaged to mono. Returns (audio, Hz)."""
    import soundfile

    data, sr = soundfile.read(str(path), dtype="float32", always_2d=False)
    return as_float32_mono(data), int(sr)


def write_audio(path: str | Path, audio: np.ndarray, sr: int, subtype: str = "FLOAT") -> Path:
    """Write float audio losslessly by default (32-bit float WAV), so a replay sees the same samples."""
    import soundfile

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    soundfile.write(str(path), np.asarray(audio, dtype=np.float32), sr, subtype=subtype)
    return path
