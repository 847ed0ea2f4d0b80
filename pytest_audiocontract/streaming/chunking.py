"""Cutting a stream of audio into fixed-length chunks at one target rate.

`AudioChunker` takes audio as it arrives (raw pcm_s16le `bytes`, or int16 / float32 numpy
arrays), at any input rate, and yields float32 chunks of `ChunkConfig.chunk_ms` milliseconds
at the target rate. Resampling happens once, in a streaming resampler (`soxr.ResampleStream`)
that keeps its filter state between pushes, so where the caller cut the input leaves no trace
in the output: the concatenated chunks equal a one-shot resample of the whole signal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from pytest_audiocontract.audio.resample import as_float32_mono
from pytest_audiocontract.types import AudioArray

if TYPE_CHECKING:
    import soxr

AudioInput = bytes | bytearray | memoryview | npt.NDArray[np.generic]


@dataclass(frozen=True)
class ChunkConfig:
    """Chunk geometry in milliseconds.

    `frame_ms` is the analysis frame (endpointing, energy); `chunk_ms` is how much audio a
    chunk carries, a multiple of `frame_ms`. `chunk_ms=None` yields whatever is ready at each
    push instead of fixed-length chunks.
    """

    frame_ms: int = 20
    chunk_ms: int | None = 160

    def __post_init__(self) -> None:
        if self.frame_ms <= 0:
            raise ValueError(f"frame_ms={self.frame_ms}, but should be > 0")
        if self.chunk_ms is not None and (self.chunk_ms <= 0 or self.chunk_ms % self.frame_ms):
            raise ValueError(
                f"chunk_ms={self.chunk_ms}, but should be a positive multiple of frame_ms={self.frame_ms}"
            )

    def frame_samples(self, sr: int) -> int:
        """Samples in one frame at `sr` Hz (at least 1)."""
        return max(1, round(sr * self.frame_ms / 1000))

    def chunk_samples(self, sr: int) -> int | None:
        """Samples in one chunk at `sr` Hz (at least 1), or None when chunks are not fixed."""
        if self.chunk_ms is None:
            return None
        return max(1, round(sr * self.chunk_ms / 1000))


def to_float32(data: AudioInput) -> AudioArray:
    """Audio as 1-D float32 in [-1, 1]; `bytes` are pcm_s16le, int16 is scaled by 1/32768."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
        if len(raw) % 2:
            raise ValueError(f"pcm_s16le input has {len(raw)} bytes, but should have an even count")
        return np.frombuffer(raw, dtype="<i2").astype(np.float32) / np.float32(32768.0)
    return as_float32_mono(data)


class AudioChunker:
    """Accumulates audio at `in_sr` Hz and returns float32 chunks at `target_sr` Hz.

    Call `push(data)` as audio arrives and `finish()` once at the end: `finish()` drains the
    resampler and returns the remainder, which may be shorter than a chunk. After `finish()`
    the chunker is ready for a new, independent signal.

    Raw `bytes` may be split anywhere, also inside a sample: an odd trailing byte waits for
    the next push.
    """

    def __init__(self, in_sr: int, target_sr: int | None = None, config: ChunkConfig | None = None) -> None:
        if in_sr <= 0 or (target_sr is not None and target_sr <= 0):
            raise ValueError(f"in_sr={in_sr}, target_sr={target_sr}, but rates should be > 0 Hz")
        self.in_sr = in_sr
        self.target_sr = target_sr if target_sr is not None else in_sr
        self.config = config if config is not None else ChunkConfig()
        self._chunk = self.config.chunk_samples(self.target_sr)
        self._pending_byte = b""
        self._buffer = np.zeros(0, dtype=np.float32)
        self._resampler: soxr.ResampleStream | None = None
        self.samples_in = 0
        """Input samples pushed so far (at `in_sr`), across `finish()` calls."""

    def push(self, data: AudioInput) -> list[AudioArray]:
        """Take more input; return every full chunk now ready (none is held past full)."""
        audio = self._decode(data)
        self.samples_in += audio.size
        self._append(self._resample(audio, last=False))
        return self._drain(final=False)

    def finish(self) -> list[AudioArray]:
        """Drain the resampler and return what is left, the last chunk possibly short."""
        if self._pending_byte:
            raise ValueError("pcm_s16le input ended inside a sample (odd number of bytes in all)")
        self._append(self._resample(np.zeros(0, dtype=np.float32), last=True))
        self._resampler = None
        return self._drain(final=True)

    def _decode(self, data: AudioInput) -> AudioArray:
        if isinstance(data, (bytes, bytearray, memoryview)):
            raw = self._pending_byte + bytes(data)
            cut = len(raw) - len(raw) % 2
            self._pending_byte = raw[cut:]
            return to_float32(raw[:cut])
        return to_float32(data)

    def _resample(self, audio: AudioArray, *, last: bool) -> AudioArray:
        if self.in_sr == self.target_sr:
            return audio
        if self._resampler is None:
            import soxr

            # Same quality as audio.resample, so streamed and one-shot outputs agree.
            self._resampler = soxr.ResampleStream(
                self.in_sr, self.target_sr, 1, dtype="float32", quality="HQ"
            )
        out = self._resampler.resample_chunk(audio, last=last)
        return np.asarray(out, dtype=np.float32)

    def _append(self, audio: AudioArray) -> None:
        if audio.size:
            self._buffer = np.concatenate([self._buffer, audio])

    def _drain(self, *, final: bool) -> list[AudioArray]:
        size = self._chunk if self._chunk is not None else self._buffer.size
        chunks = []
        start = 0
        while size and self._buffer.size - start >= size:
            chunks.append(self._buffer[start : start + size])
            start += size
        rest = self._buffer[start:]
        if final and rest.size:
            chunks.append(rest)
            rest = rest[:0]
        self._buffer = rest.copy()
        return chunks


def chunk_signal(
    audio: AudioInput, in_sr: int, target_sr: int | None = None, config: ChunkConfig | None = None
) -> list[AudioArray]:
    """Cut a whole signal into chunks at `target_sr` Hz (the last one may be short)."""
    chunker = AudioChunker(in_sr, target_sr, config)
    return [*chunker.push(audio), *chunker.finish()]
