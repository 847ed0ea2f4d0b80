"""eSpeak NG text to speech through its command-line tool (Debian package espeak-ng).

Text goes in on stdin (so no text is ever read as an option), WAV comes back on stdout at
22050 Hz. A voice is an eSpeak NG language with an optional variant: "en-us", "en-us+f3".
"""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import Any

import numpy as np

from pytest_audiocontract import Speech
from pytest_audiocontract.adapter_kit import speakable, spelled
from pytest_audiocontract.errors import MissingRequirement

_SILENT = 1e-4  # peak below which output counts as silence (-80 dBFS)
_VOICE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_/-]*(\+[A-Za-z0-9_-]+)?$")
_WAV_HEADER = 44  # eSpeak streams a canonical 44-byte header with placeholder sizes
TIMEOUT_S = 120.0


def load(variant: str, device: str) -> EspeakTts:
    """The pack factory: `variant` names the default voice, "_" standing for eSpeak's "+"
    (claims.yaml variant names cannot hold "+"): "en-us_f3" is the voice "en-us+f3"."""
    if device != "cpu":
        raise ValueError(f"device={device!r}, but should be 'cpu' (eSpeak NG runs on the CPU)")
    return EspeakTts(variant.replace("_", "+", 1))


def _voices(executable: str) -> tuple[set[str], set[str]]:
    """The languages and variants this eSpeak NG installation knows."""

    def table(option: str) -> list[list[str]]:
        out = subprocess.run([executable, option], capture_output=True, text=True, check=True)
        return [line.split() for line in out.stdout.splitlines()[1:] if line.split()]

    languages = {row[1] for row in table("--voices")} | {row[4] for row in table("--voices")}
    variants = {row[4].removeprefix("!v/") for row in table("--voices=variant")}
    return languages, variants


class EspeakTts:
    """The tts surface: `synthesize(text, voice=None) -> Speech` at 22050 Hz."""

    def __init__(self, default_voice: str = "en-us", speed_wpm: int = 175) -> None:
        executable = shutil.which("espeak-ng")
        if executable is None:
            raise MissingRequirement(
                "the espeak-ng command is not on PATH; install it with "
                "`apt-get install espeak-ng` (Debian/Ubuntu)"
            )
        self._exe = executable
        self._languages, self._variants = _voices(executable)
        self.speed_wpm = speed_wpm
        self.default_voice = self._checked(default_voice)
        self.sr = 22050  # eSpeak NG's fixed output rate, Hz

    def _checked(self, voice: str) -> str:
        language, _, variant = voice.partition("+")
        if (
            not _VOICE.match(voice)
            or language not in self._languages
            or (variant and variant not in self._variants)
        ):
            raise ValueError(
                f"voice={voice!r}, but should be an eSpeak NG language with an "
                "optional variant, e.g. 'en-us' or 'en-us+f3' "
                "(see espeak-ng --voices)"
            )
        return voice

    def synthesize(self, text: str, voice: str | None = None) -> Speech:
        """Speak `text`; blank text gives empty audio. Letters eSpeak has no rules for are read
        out by their Unicode names rather than spoken as silence."""
        chosen = self.default_voice if voice is None else self._checked(voice)
        clean = speakable(text)
        if not clean.strip():
            return Speech(np.zeros(0, dtype=np.float32), self.sr)
        audio = self._speak(clean, chosen)
        if _is_silent(audio) and any(ch.isalnum() for ch in clean):
            audio = self._speak(spelled(clean), chosen)
        if _is_silent(audio):
            audio = np.zeros(0, dtype=np.float32)
        return Speech(audio, self.sr)

    def _speak(self, text: str, voice: str) -> np.ndarray[Any, np.dtype[np.float32]]:
        command = [self._exe, "-v", voice, "-s", str(self.speed_wpm), "--stdout", "--stdin", "-b", "1"]
        done = subprocess.run(
            command, input=text.encode("utf-8"), capture_output=True, timeout=TIMEOUT_S, check=False
        )
        if done.returncode != 0 or len(done.stdout) < _WAV_HEADER:
            raise RuntimeError(
                f"espeak-ng exited with {done.returncode} on {text[:60]!r}: "
                f"{done.stderr.decode(errors='replace').strip()[:200]}"
            )
        data = done.stdout[_WAV_HEADER:]
        pcm = np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2")
        return (pcm.astype(np.float32) / 32768.0).astype(np.float32)


def _is_silent(audio: np.ndarray[Any, Any]) -> bool:
    return audio.size == 0 or float(np.max(np.abs(audio))) < _SILENT
