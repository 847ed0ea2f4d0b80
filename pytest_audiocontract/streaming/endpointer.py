"""An energy-based end-of-segment detector for streaming adapters.

`SilenceEndpointer` cuts the audio into frames of `frame_ms` and measures each frame's RMS
level in dBFS (0 dBFS is a full-scale square wave, RMS 1.0). Once a frame at or above
`threshold_dbfs` has been seen, a run of `min_silence_ms` of frames below the threshold is an
endpoint: the segment is over. Silence before any loud frame never ends anything.

It is off by default: a `StreamingAdapter` subclass opts in by setting `self.endpointer` in
its `__init__`; the base then feeds it the audio and calls the adapter's `_on_endpoint()` hook
at each endpoint (see adapter.py).
"""

from __future__ import annotations

import math

import numpy as np

from pytest_audiocontract.types import AudioArray


def frame_dbfs(frame: AudioArray) -> float:
    """RMS level of `frame` in dBFS; -inf for an empty or all-zero frame."""
    if frame.size == 0:
        return -math.inf
    rms = float(np.sqrt(np.mean(np.square(frame, dtype=np.float64))))
    return 20.0 * math.log10(rms) if rms > 0.0 else -math.inf


class SilenceEndpointer:
    """Decides end of segment after `min_silence_ms` of frames below `threshold_dbfs`.

    `sr` is the rate (Hz) of the audio given to `push`; frames are `frame_ms` long and counted
    from the first sample pushed, whatever the chunking, so the result does not depend on how
    the audio was cut.
    """

    def __init__(
        self, sr: int, *, threshold_dbfs: float = -40.0, min_silence_ms: int = 300, frame_ms: int = 20
    ) -> None:
        if sr <= 0 or frame_ms <= 0 or min_silence_ms <= 0:
            raise ValueError(
                f"sr={sr}, frame_ms={frame_ms}, min_silence_ms={min_silence_ms}, but should all be > 0"
            )
        self.sr = sr
        self.threshold_dbfs = threshold_dbfs
        self.frame_samples = max(1, round(sr * frame_ms / 1000))
        # A partial silent frame counts as silence only once complete, hence ceil.
        self.silent_frames_needed = max(1, math.ceil(min_silence_ms / frame_ms))
        self._partial = np.zeros(0, dtype=np.float32)
        self._silent_run = 0
        self.in_segment = False
        """True between the first loud frame of a segment and its endpoint."""
        self.samples_seen = 0
        """Samples pushed so far (at `sr`)."""

    def push(self, audio: AudioArray) -> list[int]:
        """Feed more audio; return the offsets (samples into `audio`) where endpoints fall.

        An offset is the end of the frame that completed the silent run, so
        `audio[:offset]` belongs to the ended segment.
        """
        endpoints: list[int] = []
        self.samples_seen += audio.size
        held = self._partial.size
        data = np.concatenate([self._partial, audio]) if held else audio
        n = self.frame_samples
        full = data.size - data.size % n
        for begin in range(0, full, n):
            if self._frame_ends_segment(data[begin : begin + n]):
                endpoints.append(begin + n - held)
        self._partial = data[full:].copy()
        return endpoints

    def reset(self) -> None:
        """Forget the open segment (e.g. after a forced final); frame alignment is kept."""
        self._silent_run = 0
        self.in_segment = False

    def _frame_ends_segment(self, frame: AudioArray) -> bool:
        if frame_dbfs(frame) >= self.threshold_dbfs:
            self.in_segment = True
            self._silent_run = 0
            return False
        if not self.in_segment:
            return False
        self._silent_run += 1
        if self._silent_run < self.silent_frames_needed:
            return False
        self.in_segment = False
        self._silent_run = 0
        return True
