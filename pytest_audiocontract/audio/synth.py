"""Synthesise test signals from a few parameters (Hypothesis draws the parameters, not samples)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pytest_audiocontract.types import AudioArray

KINDS = (
    "silence",  # all zeros
    "near_silence",  # noise below 1e-4 (-80 dBFS): still silence by PACK_SPEC's definition
    "tone",
    "chirp",
    "noise",
    "bursts",  # speech-like: harmonic bursts with syllable-rate envelopes and pauses
    "full_scale",  # a tone at peak 1.0
    "clipped",  # a tone driven 4x past full scale, then clipped
    "dc_offset",  # a tone riding on a DC offset
)
SILENT_KINDS = frozenset({"silence", "near_silence"})
# Drawn only by the rules that need real speech (audio/voices.py): one speaker's utterances.
VOICE_KIND = "voice"


@dataclass(frozen=True)
class SignalSpec:
    """What to synthesise: `kind` at `sr` Hz, `n_samples` long, peak `level`, base `freq` in Hz."""

    kind: str
    sr: int
    n_samples: int
    level: float = 0.5
    freq: float = 440.0
    seed: int = 0

    @property
    def duration(self) -> float:
        """Seconds."""
        return self.n_samples / self.sr

    @property
    def is_silent(self) -> bool:
        return self.kind in SILENT_KINDS

    def describe(self) -> str:
        level = {"full_scale": ", peak 1", "clipped": ", clipped at 1", "dc_offset": ", DC 0.4"}.get(
            self.kind, "" if self.is_silent else f", peak {self.level:g}"
        )
        freq = f" {self.freq:g} Hz" if self.kind in ("tone", "chirp", "bursts", "dc_offset") else ""
        if self.kind == VOICE_KIND:
            from pytest_audiocontract.audio.voices import voice_of

            freq = f" ({voice_of(self.seed)}, seed {self.seed})"
        return f"{self.kind}{freq}, {self.n_samples} samples ({self.duration:.3f} s) at {self.sr} Hz{level}"


def render(spec: SignalSpec) -> AudioArray:
    """The waveform for `spec`: float32, 1-D, within [-1, 1]."""
    n, sr = spec.n_samples, spec.sr
    rng = np.random.default_rng(spec.seed)
    t = np.arange(n, dtype=np.float64) / sr
    nyquist_safe = min(spec.freq, 0.45 * sr)
    if spec.kind == "silence":
        x = np.zeros(n)
    elif spec.kind == "near_silence":
        x = rng.uniform(-9e-5, 9e-5, n)
    elif spec.kind in ("tone", "full_scale", "clipped", "dc_offset"):
        x = np.sin(2 * np.pi * nyquist_safe * t)
    elif spec.kind == "chirp":
        f1 = min(8 * nyquist_safe, 0.45 * sr)
        span = max(t[-1], 1e-3) if n else 1.0
        phase = 2 * np.pi * (nyquist_safe * t + (f1 - nyquist_safe) * t**2 / (2 * span))
        x = np.sin(phase)
    elif spec.kind == "noise":
        x = rng.uniform(-1.0, 1.0, n)
    elif spec.kind == "bursts":
        x = _bursts(t, nyquist_safe, sr, rng)
    elif spec.kind == VOICE_KIND:
        from pytest_audiocontract.audio.voices import render_voice

        return render_voice(spec.seed, sr, n, spec.level)
    else:
        raise ValueError(f"unknown signal kind {spec.kind!r}; kinds are {', '.join((*KINDS, VOICE_KIND))}")
    if spec.kind == "full_scale":
        x = x * 1.0
    elif spec.kind == "clipped":
        x = np.clip(4.0 * x, -1.0, 1.0)
    elif spec.kind == "dc_offset":
        x = 0.4 + 0.5 * spec.level * x
    elif not spec.is_silent:
        peak = float(np.max(np.abs(x))) if n else 0.0
        x = x * (spec.level / peak) if peak > 0 else x
    return np.clip(x, -1.0, 1.0).astype(np.float32)


def _bursts(t: np.ndarray, f0: float, sr: int, rng: np.random.Generator) -> np.ndarray:
    """Voiced-speech-like bursts: a few harmonics of f0 under 4 Hz syllable envelopes, with gaps."""
    f0 = float(np.clip(f0, 80.0, 300.0))
    harmonics = sum(np.sin(2 * np.pi * k * f0 * t) / k for k in range(1, 6) if k * f0 < 0.45 * sr)
    syllables = np.clip(np.sin(2 * np.pi * 4.0 * t + rng.uniform(0, np.pi)), 0.0, None)
    pauses = (np.sin(2 * np.pi * 0.5 * t) > -0.3).astype(np.float64)
    return np.asarray(harmonics * syllables * pauses)
