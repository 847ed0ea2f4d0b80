"""Hypothesis strategies for contract inputs.

As Hypothesis advises for big values, we draw a few signal parameters (rate, length, kind,
level, frequency) and synthesise the waveform with numpy; shrinking then moves towards short,
simple signals at common rates.
"""

from __future__ import annotations

from hypothesis import strategies as st

from pytest_audiocontract.audio.fixture_audio import FixtureSpec
from pytest_audiocontract.audio.synth import KINDS, VOICE_KIND, SignalSpec, render
from pytest_audiocontract.types import AudioArray

COMMON_RATES = (16000, 8000, 22050, 44100, 48000, 11025, 24000, 32000)
MIN_RATE, MAX_RATE = 8000, 48000


class AudioCase:
    """A contract input: a synthesised signal (or a fixture file, see fixture_audio.py) and its
    rate (Hz). Equal when their specs are.

    The waveform is rendered on first use of `audio`, not when the case is made: edge cases
    are built while items are collected, and collection does no audio work.
    """

    __slots__ = ("_audio", "spec")

    def __init__(self, spec: SignalSpec | FixtureSpec, audio: AudioArray | None = None) -> None:
        self.spec = spec
        self._audio = audio

    @classmethod
    def of(cls, spec: SignalSpec | FixtureSpec) -> AudioCase:
        return cls(spec)

    @property
    def audio(self) -> AudioArray:
        if self._audio is None:
            self._audio = render(self.spec) if isinstance(self.spec, SignalSpec) else self.spec.render()
        return self._audio

    @property
    def sr(self) -> int:
        return self.spec.sr

    @property
    def duration(self) -> float:
        """Seconds."""
        return self.spec.duration

    def describe(self) -> str:
        return self.spec.describe()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AudioCase) and other.spec == self.spec

    def __hash__(self) -> int:
        return hash(self.spec)

    def __repr__(self) -> str:
        # What Hypothesis prints as the falsifying example: short, and it rebuilds the input.
        return f"AudioCase.of({self.spec!r})"


def rates() -> st.SearchStrategy[int]:
    """A rate from 8000 to 48000 Hz, the common ones first (and shrunk towards 16 kHz)."""
    return st.one_of(st.sampled_from(COMMON_RATES), st.integers(MIN_RATE, MAX_RATE))


def signal_specs(
    max_seconds: float = 30.0,
    kinds: tuple[str, ...] = KINDS,
    min_samples: int = 0,
) -> st.SearchStrategy[SignalSpec]:
    return _signal_specs(max_seconds, kinds, min_samples)


# Module-level composites: `st.composite` reads the function's source (inspect.getsource), so
# decorating a nested function cost a file read per rule at collection.
@st.composite
def _signal_specs(
    draw: st.DrawFn, max_seconds: float, kinds: tuple[str, ...], min_samples: int
) -> SignalSpec:
    sr = draw(rates())
    longest = max(min_samples, int(max_seconds * sr))
    n = draw(
        st.one_of(
            st.integers(min_samples, max(min_samples, min(longest, 64))),  # edge lengths: 0, 1, odd
            st.integers(min_samples, longest),
        )
    )
    return SignalSpec(
        kind=draw(st.sampled_from(kinds)),
        sr=sr,
        n_samples=n,
        level=draw(st.sampled_from((0.5, 0.1, 1.0, 0.01))),
        freq=draw(st.sampled_from((440.0, 100.0, 1000.0, 3000.0, 150.0))),
        seed=draw(st.integers(0, 2**16)),
    )


def audio_cases(
    max_seconds: float = 30.0,
    kinds: tuple[str, ...] = KINDS,
    min_samples: int = 0,
) -> st.SearchStrategy[AudioCase]:
    return signal_specs(max_seconds, kinds, min_samples).map(AudioCase.of)


def silent_cases(max_seconds: float = 30.0) -> st.SearchStrategy[AudioCase]:
    return audio_cases(max_seconds, kinds=("silence", "near_silence"))


def voice_cases(max_seconds: float = 30.0) -> st.SearchStrategy[AudioCase]:
    """One speaker's speech (audio/voices.py), 2 to 8 s (at most `max_seconds`), any rate."""
    return _voice_cases(max_seconds)


@st.composite
def _voice_cases(draw: st.DrawFn, max_seconds: float) -> AudioCase:
    sr = draw(rates())
    seconds = draw(st.floats(min(2.0, max_seconds), min(8.0, max_seconds)))
    level = draw(st.sampled_from((0.5, 0.1, 0.9)))
    return AudioCase.of(
        SignalSpec(VOICE_KIND, sr, int(seconds * sr), level, seed=draw(st.integers(0, 2**16)))
    )


def voice_examples(max_seconds: float = 30.0) -> list[AudioCase]:
    """Every voice once, at 16 kHz, 4 s (or `max_seconds`), peak 0.5."""
    from pytest_audiocontract.audio.voices import VOICES

    n = int(min(4.0, max_seconds) * 16000)
    return [AudioCase.of(SignalSpec(VOICE_KIND, 16000, n, 0.5, seed=i)) for i in range(len(VOICES))]


# Inputs every surface must accept, tried before anything random (PACK_SPEC's "valid input").
EDGE_SPECS = (
    SignalSpec("silence", 16000, 0),
    SignalSpec("silence", 16000, 16000),
    SignalSpec("full_scale", 48000, 48000),
    SignalSpec("clipped", 8000, 8001),
    SignalSpec("dc_offset", 44100, 22050),
    SignalSpec("bursts", 22050, 44100, level=0.8, freq=150.0),
)


def edge_cases() -> list[AudioCase]:
    return [AudioCase.of(s) for s in EDGE_SPECS]


TTS_SENTENCES = (
    "Hello world.",
    "The quick brown fox jumps over the lazy dog.",
    "Call me at 3 p.m. on the 21st.",
    "a",
    "7",
)
BLANK_TEXTS = ("", " ", "\n\t  ", "\u00a0", "\u2003")


def tts_texts() -> st.SearchStrategy[str]:
    """Texts for tts: sentences, short alphanumerics, blanks, and arbitrary Unicode."""
    return st.one_of(
        st.sampled_from(TTS_SENTENCES),
        st.text(st.characters(categories=("Lu", "Ll", "Nd", "Zs", "Po")), min_size=1, max_size=80),
        st.sampled_from(BLANK_TEXTS),
        st.text(max_size=40),
    )


def chunk_sizes(max_samples: int = 8000) -> st.SearchStrategy[int]:
    """Chunk lengths in samples for streams, including 0 and 1."""
    return st.one_of(st.sampled_from((0, 1, 160, 2560)), st.integers(0, max_samples))
