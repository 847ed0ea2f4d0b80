"""What `audiocontract run` checks in an audio file before a model sees it.

A model's contract covers 8..48 kHz float audio in [-1, 1]. A file outside that is either
refused with what is wrong (cut short, NaN or infinite samples, peaks past full scale without
`--normalise`) or brought inside it with a line saying what was done (resampled, scaled).
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

from pytest_audiocontract.types import AudioArray

MIN_SR, MAX_SR = 8000, 48000


class InputProblem(ValueError):
    """The file cannot be given to a model as it is; the message says why and what to do."""


def checked_input(
    path: Path, audio: AudioArray, sr: int, *, normalise: bool | None
) -> tuple[AudioArray, int, list[str]]:
    """(audio, rate in Hz, what was changed) for a file read as `audio` at `sr` Hz;
    `normalise` None: the command has no --normalise (a loud file is refused)."""
    shown = repr(str(path))
    truncated = wav_truncation(path)
    if truncated is not None:
        declared, present = truncated
        raise InputProblem(
            f"audio file {shown} is cut short: its header declares {declared} bytes of samples, "
            f"but only {present} are there ({audio.size / sr if sr else 0:.3f} s readable); "
            "copy or download it again"
        )
    bad = ~np.isfinite(audio)
    if bad.any():
        first = int(np.argmax(bad))
        raise InputProblem(
            f"audio file {shown} holds {int(bad.sum())} samples that are NaN or infinite "
            f"(the first at {first / sr:.3f} s); it is not audio a model can take"
        )
    notes: list[str] = []
    peak = float(np.max(np.abs(audio))) if audio.size else 0.0
    if peak > 1.0:
        if not normalise:
            hint = "" if normalise is None else ", or pass --normalise to scale it to a peak of 1"
            raise InputProblem(
                f"audio file {shown} peaks at {peak:.4g}, past full scale (1.0): a float file out of "
                f"range; fix the file{hint}"
            )
        audio = (audio / peak).astype(np.float32)
        notes.append(f"scaled by 1/{peak:.4g}: the file peaked at {peak:.4g}, past full scale (1.0)")
    if not MIN_SR <= sr <= MAX_SR:
        from pytest_audiocontract.audio.resample import resample

        target = MIN_SR if sr < MIN_SR else MAX_SR
        audio = resample(audio, sr, target)
        notes.append(f"resampled from {sr} Hz to {target} Hz: models take {MIN_SR}..{MAX_SR} Hz")
        sr = target
    return audio, sr, notes


def wav_truncation(path: Path) -> tuple[int, int] | None:
    """(declared, present) byte counts of a RIFF WAV's data chunk cut short, else None
    (complete, not a WAV, or a header that leaves its size open, as streamed WAVs do)."""
    try:
        with path.open("rb") as handle:
            header = handle.read(12)
            if len(header) < 12 or header[:4] != b"RIFF" or header[8:12] != b"WAVE":
                return None
            while True:
                chunk = handle.read(8)
                if len(chunk) < 8:
                    return None
                name, size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
                if name == b"data":
                    start = handle.tell()
                    present = path.stat().st_size - start
                    open_size = size in (0, 0xFFFFFFFF)
                    return (size, present) if present < size and not open_size else None
                handle.seek(size + (size & 1), 1)
    except OSError:
        return None
