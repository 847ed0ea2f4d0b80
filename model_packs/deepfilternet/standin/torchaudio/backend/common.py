"""`torchaudio.backend.common.AudioMetaData`, which df.io names in its type hints."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class AudioMetaData:
    """The fields of torchaudio's AudioMetaData (rates in Hz, lengths in samples)."""

    sample_rate: int
    num_frames: int
    num_channels: int
    bits_per_sample: int = 0
    encoding: str = ""
