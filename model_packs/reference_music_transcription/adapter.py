"""A monophonic pitch tracker in numpy: the spectral peak of each 50 ms frame, merged into notes."""

from __future__ import annotations

import numpy as np

from pytest_audiocontract import Note, Notes

FRAME_S = 0.05
THRESHOLD_RMS = 0.01  # -40 dBFS


def _frame_pitch(block: np.ndarray, sr: int) -> int | None:
    if np.sqrt(np.mean(block**2)) < THRESHOLD_RMS:
        return None
    window = np.hanning(block.size)
    spectrum = np.abs(np.fft.rfft((block - block.mean()) * window))
    spectrum[0] = 0.0
    hz = float(np.argmax(spectrum)) * sr / block.size
    if hz <= 0:
        return None
    return int(np.clip(round(69 + 12 * np.log2(hz / 440.0)), 0, 127))


class PeakPitchTracker:
    def transcribe_notes(self, audio: np.ndarray, sr: int) -> Notes:
        x = np.asarray(audio, dtype=np.float64)
        frame = max(2, int(FRAME_S * sr))
        notes: list[Note] = []
        current: list = []  # [pitch, start sample, end sample, peak rms]
        for start in range(0, x.size - frame + 1, frame):
            block = x[start : start + frame]
            pitch = _frame_pitch(block, sr)
            rms = float(np.sqrt(np.mean(block**2)))
            if current and pitch == current[0]:
                current[2], current[3] = start + frame, max(current[3], rms)
                continue
            if current:
                notes.append(self._note(current, sr))
            current = [pitch, start, start + frame, rms] if pitch is not None else []
        if current:
            notes.append(self._note(current, sr))
        return Notes(notes=notes)

    @staticmethod
    def _note(current: list, sr: int) -> Note:
        pitch, start, end, rms = current
        return Note(
            onset=start / sr, offset=end / sr, pitch=int(pitch), velocity=float(min(1.0, rms * np.sqrt(2)))
        )


def load(variant: str, device: str) -> PeakPitchTracker:
    return PeakPitchTracker()
