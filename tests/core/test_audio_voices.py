"""Voice inputs: one speaker's fixture utterances, at the drawn rate, length and level."""

from __future__ import annotations

import numpy as np
import pytest

from pytest_audiocontract.audio import voices
from pytest_audiocontract.audio.strategies import AudioCase, voice_examples
from pytest_audiocontract.audio.synth import VOICE_KIND, SignalSpec

pytestmark = pytest.mark.skipif(voices.missing() is not None, reason=str(voices.missing()))


@pytest.mark.parametrize(("sr", "seconds", "level"), [(8000, 2.5, 0.1), (44100, 6.0, 0.9)])
def test_voice_has_the_spec_length_rate_and_peak(sr: int, seconds: float, level: float) -> None:
    case = AudioCase.of(SignalSpec(VOICE_KIND, sr, int(seconds * sr), level, seed=7))
    audio = case.audio
    assert audio.dtype == np.float32 and audio.size == int(seconds * sr)
    assert np.max(np.abs(audio)) == pytest.approx(level, rel=1e-5)


def test_voice_is_the_same_for_the_same_seed_and_names_its_voice() -> None:
    spec = SignalSpec(VOICE_KIND, 16000, 48000, 0.5, seed=3)
    assert np.array_equal(AudioCase.of(spec).audio, AudioCase.of(spec).audio)
    assert voices.voice_of(3) in spec.describe()


def test_long_voice_inputs_have_pauses_between_utterances() -> None:
    audio = AudioCase.of(SignalSpec(VOICE_KIND, 16000, 16000 * 8, 0.5, seed=0)).audio  # piper joe
    quiet = np.abs(audio[: audio.size // 160 * 160].reshape(-1, 160)).max(axis=1) < 1e-3
    longest = run = 0
    for frame_is_quiet in quiet[5:]:  # past the first utterance's onset
        run = run + 1 if frame_is_quiet else 0
        longest = max(longest, run)
    assert longest >= 30  # 10 ms frames: a pause of 0.3 s or more


def test_examples_cover_every_voice() -> None:
    assert {voices.voice_of(case.spec.seed) for case in voice_examples()} == set(voices.VOICES)
