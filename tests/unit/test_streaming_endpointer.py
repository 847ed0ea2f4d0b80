"""SilenceEndpointer on synthetic audio: tone bursts separated by silences of known length."""

from __future__ import annotations

import math

import numpy as np
import pytest

from pytest_audiocontract.streaming.endpointer import SilenceEndpointer, frame_dbfs

SR = 16000


def _tone(seconds: float, amplitude: float = 0.5, hz: float = 440.0) -> np.ndarray:
    t = np.arange(round(seconds * SR)) / SR
    return (amplitude * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def _silence(seconds: float) -> np.ndarray:
    return np.zeros(round(seconds * SR), dtype=np.float32)


def _endpoints(endpointer: SilenceEndpointer, audio: np.ndarray, step: int) -> list[int]:
    found = []
    for start in range(0, audio.size, step):
        found += [start + offset for offset in endpointer.push(audio[start : start + step])]
    return found


def test_frame_dbfs_matches_hand_computation() -> None:
    # A sine of amplitude A has RMS A/sqrt(2): 0.5 -> 20*log10(0.3536) = -9.03 dBFS.
    assert frame_dbfs(_tone(0.02, 0.5, 500.0)) == pytest.approx(20 * math.log10(0.5 / math.sqrt(2)), abs=0.01)
    assert frame_dbfs(np.ones(10, np.float32)) == 0.0
    assert frame_dbfs(_silence(0.02)) == -math.inf
    assert frame_dbfs(np.zeros(0, np.float32)) == -math.inf


def test_endpoint_after_min_silence_following_speech() -> None:
    # 0.5 s tone, then 1 s silence: the endpoint falls 300 ms into the silence.
    audio = np.concatenate([_tone(0.5), _silence(1.0)])
    endpointer = SilenceEndpointer(SR, threshold_dbfs=-40, min_silence_ms=300)
    assert _endpoints(endpointer, audio, audio.size) == [round(0.8 * SR)]


@pytest.mark.parametrize("step", [1, 7, 160, 5000])
def test_endpoints_do_not_depend_on_chunking(step: int) -> None:
    audio = np.concatenate(
        [_silence(0.3), _tone(0.2), _silence(0.1), _tone(0.2), _silence(0.5), _tone(0.1), _silence(0.4)]
    )
    reference = _endpoints(SilenceEndpointer(SR), audio, audio.size)
    # Short gap (0.1 s) does not end the segment; the two long ones do.
    assert reference == [round(1.1 * SR), round(1.7 * SR)]
    assert _endpoints(SilenceEndpointer(SR), audio, step) == reference


def test_silence_alone_never_ends_a_segment() -> None:
    endpointer = SilenceEndpointer(SR)
    assert _endpoints(endpointer, _silence(2.0), 320) == []
    assert not endpointer.in_segment


def test_quiet_tone_below_threshold_is_silence() -> None:
    # Amplitude 0.005 -> about -49 dBFS, below a -40 dBFS threshold.
    audio = np.concatenate([_tone(0.5, 0.005), _silence(1.0)])
    assert _endpoints(SilenceEndpointer(SR, threshold_dbfs=-40), audio, 320) == []
    assert _endpoints(SilenceEndpointer(SR, threshold_dbfs=-60), audio, 320) == [round(0.8 * SR)]


def test_speech_still_going_has_no_endpoint_yet() -> None:
    endpointer = SilenceEndpointer(SR)
    assert _endpoints(endpointer, np.concatenate([_silence(0.2), _tone(1.0)]), 1000) == []
    assert endpointer.in_segment


def test_reset_forgets_the_open_segment() -> None:
    endpointer = SilenceEndpointer(SR)
    endpointer.push(_tone(0.2))
    endpointer.reset()
    assert endpointer.push(_silence(1.0)) == []


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="should all be > 0"):
        SilenceEndpointer(0)
