"""A numpy-only streaming "recogniser" that exercises every asr_stream rule, for CI.

It is not speech recognition. It cuts the audio (resampled once to 16 kHz) into 20 ms frames;
a frame at or above -40 dBFS is loud. A run of loud frames is a burst, ended by 60 ms of quiet;
each burst becomes one word, named after the frequency band where most of its frames have
their spectral peak:

    below 250 Hz: do    250-500: re    500-1000: mi    1000-2000: fa    2000-4000: sol
    4000 Hz and up: la

While a segment is open the stream sends partials (the words so far, the current burst's
word included); 300 ms of quiet (the library's `SilenceEndpointer`) or the end of input
sends the final. Silence gives no text. Everything is deterministic, and since the hook
sees fixed 20 ms frames of a once-resampled signal, the text does not depend on how the
caller cut the audio.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from pytest_audiocontract.streaming import SilenceEndpointer, StreamingAdapter, Update, frame_dbfs
from pytest_audiocontract.types import AudioArray

RATE_HZ = 16000
FRAME_MS = 20
THRESHOLD_DBFS = -40.0
WORD_GAP_FRAMES = 3  # 60 ms of quiet ends a burst (a word)
ENDPOINT_MS = 300  # 300 ms of quiet ends a segment
BAND_EDGES_HZ = (250.0, 500.0, 1000.0, 2000.0, 4000.0)
BAND_WORDS = ("do", "re", "mi", "fa", "sol", "la")


def dominant_band(frame: AudioArray, sr: int) -> int:
    """Index into BAND_WORDS of the band holding the frame's spectral peak (Hann window)."""
    spectrum = np.abs(np.fft.rfft(frame * np.hanning(frame.size)))
    peak_hz = float(np.argmax(spectrum)) * sr / frame.size
    return int(np.searchsorted(BAND_EDGES_HZ, peak_hz, side="right"))


class BurstWordStream(StreamingAdapter):
    """One stream: words from energy bursts, finals at silence endpoints and at flush."""

    sample_rate = RATE_HZ
    chunk_ms = FRAME_MS

    def __init__(self, sr: int) -> None:
        super().__init__(sr)
        self.endpointer = SilenceEndpointer(
            RATE_HZ, threshold_dbfs=THRESHOLD_DBFS, min_silence_ms=ENDPOINT_MS, frame_ms=FRAME_MS
        )
        self._words: list[str] = []
        self._votes = np.zeros(len(BAND_WORDS), dtype=np.int64)  # current burst, per band
        self._quiet_frames = 0
        self._segment_start_s: float | None = None
        self._last_loud_end_s = 0.0

    def _on_audio(self, chunk: AudioArray) -> Iterable[Update]:
        end_s = self.processed_seconds
        if frame_dbfs(chunk) >= THRESHOLD_DBFS:
            if self._segment_start_s is None:
                self._segment_start_s = end_s - chunk.size / RATE_HZ
            self._votes[dominant_band(chunk, RATE_HZ)] += 1
            self._quiet_frames = 0
            self._last_loud_end_s = end_s
        elif self._votes.any():
            self._quiet_frames += 1
            if self._quiet_frames >= WORD_GAP_FRAMES:
                self._end_burst()
        if self._segment_start_s is None:
            return []
        return [Update(self._text(), start=self._segment_start_s)]

    def _on_endpoint(self) -> Iterable[Update]:
        return self._final()

    def _on_flush(self) -> Iterable[Update]:
        return self._final()

    def _final(self) -> list[Update]:
        if self._segment_start_s is None:
            return []
        self._end_burst()
        update = Update(self._text(), is_final=True, start=self._segment_start_s, end=self._last_loud_end_s)
        self._words = []
        self._segment_start_s = None
        return [update]

    def _end_burst(self) -> None:
        if self._votes.any():
            self._words.append(BAND_WORDS[int(np.argmax(self._votes))])
        self._votes[:] = 0
        self._quiet_frames = 0

    def _text(self) -> str:
        words = list(self._words)
        if self._votes.any():
            words.append(BAND_WORDS[int(np.argmax(self._votes))])
        return " ".join(words)


class ReferenceStreamModel:
    """The model object: holds nothing per stream, so any number of streams may be open."""

    def start_stream(self, sr: int) -> BurstWordStream:
        """Open a new stream for audio at `sr` Hz (any rate; resampled once to 16 kHz)."""
        return BurstWordStream(sr)


def load(variant: str, device: str) -> ReferenceStreamModel:
    """The pack factory: variant "default", device "cpu"."""
    if variant != "default" or device != "cpu":
        raise ValueError(
            f"variant={variant!r}, device={device!r}, but this pack has only "
            "variant 'default' on device 'cpu'"
        )
    return ReferenceStreamModel()
