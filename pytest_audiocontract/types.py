"""Result types that adapters return, one per surface (see PACK_SPEC "The factory and the model object").

Times are in seconds, rates in Hz, audio is a 1-D float32 numpy array in [-1, 1].
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

AudioArray = npt.NDArray[np.float32]

# The public names are listed once, in the package's __all__ (pytest_audiocontract/__init__.py).


@dataclass(frozen=True)
class Segment:
    """A stretch of transcribed speech; `start` and `end` in seconds from the start of the input.

    `speaker` (optional) is who said it, as a diarizer labels speakers ("spk0"): a transcript
    whose segments carry it is speaker-attributed (scored by cpWER).
    """

    start: float
    end: float
    text: str
    speaker: str | None = None


@dataclass(frozen=True)
class Transcript:
    text: str
    segments: list[Segment] = field(default_factory=list)
    language: str | None = None


@dataclass(frozen=True)
class StreamEvent:
    """One update from a stream; `seq` increases strictly over the stream's whole life."""

    seq: int
    segment_id: int | str
    text: str
    is_final: bool


@dataclass(frozen=True, eq=False)
class Speech:
    audio: AudioArray
    sr: int


@dataclass(frozen=True)
class Label:
    name: str
    score: float


@dataclass(frozen=True)
class Classification:
    labels: list[Label]


@dataclass(frozen=True, eq=False)
class Embedding:
    vector: AudioArray


@dataclass(frozen=True, eq=False)
class Enhanced:
    """Enhanced audio at `sr` Hz. `voice_probability` (optional): the model's speech
    probability per 10 ms frame of the input (frame k covers [k * 0.01, (k + 1) * 0.01) s),
    for models whose enhancer also detects voice (RNNoise)."""

    audio: AudioArray
    sr: int
    voice_probability: AudioArray | None = None


@dataclass(frozen=True, eq=False)
class Stems:
    stems: dict[str, AudioArray]
    sr: int


@dataclass(frozen=True)
class Note:
    """A note event: onset and offset in seconds, MIDI pitch 0..127, velocity in [0, 1]."""

    onset: float
    offset: float
    pitch: int
    velocity: float


@dataclass(frozen=True)
class Notes:
    notes: list[Note]


@dataclass(frozen=True)
class SpeechRegions:
    """Speech regions as (start, end) pairs in seconds."""

    regions: list[tuple[float, float]]


@dataclass(frozen=True)
class Turn:
    """One speaker's stretch of speech: `start` and `end` in seconds, `speaker` a label.

    Labels only tell speakers apart within one result ("spk0", "alice"); they need not match
    across calls or name anyone.
    """

    start: float
    end: float
    speaker: str


@dataclass(frozen=True)
class Diarization:
    """Who spoke when: turns sorted by start; turns of different speakers may overlap."""

    turns: list[Turn]
