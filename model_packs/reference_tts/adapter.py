"""A tone "speaker" in numpy: each letter or digit becomes an 80 ms tone, a space a pause."""

from __future__ import annotations

import numpy as np

from pytest_audiocontract import Speech

SR = 16000
TONE_S, PAUSE_S, PEAK = 0.08, 0.05, 0.5
MAX_CHARS = 2000


class ToneSpeaker:
    def synthesize(self, text: str, voice: str | None = None) -> Speech:
        if len(text) > MAX_CHARS:
            raise ValueError(f"text has {len(text)} characters; this model takes {MAX_CHARS}")
        t = np.arange(int(TONE_S * SR)) / SR
        envelope = np.hanning(t.size)
        pieces = []
        for ch in text:
            if ch.isalnum():
                freq = 200.0 + (ord(ch) % 64) * 25.0
                pieces.append(PEAK * envelope * np.sin(2 * np.pi * freq * t))
            elif ch.isspace() and pieces:
                pieces.append(np.zeros(int(PAUSE_S * SR)))
        audio = np.concatenate(pieces) if pieces else np.zeros(0)
        return Speech(audio=audio.astype(np.float32), sr=SR)


def load(variant: str, device: str) -> ToneSpeaker:
    return ToneSpeaker()
