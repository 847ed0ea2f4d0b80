"""Structural checks of results: the right dataclass, with fields of the right types.

`problem(surface, value, facts)` returns (what, got, expected) for the first thing wrong, or None.
"""

from __future__ import annotations

from collections.abc import Callable
from numbers import Integral, Real
from typing import TypeVar

import numpy as np

from pytest_audiocontract import types as t
from pytest_audiocontract.contracts.binding import StreamRecord
from pytest_audiocontract.contracts.facts import Facts

Problem = tuple[str, object, str]
T = TypeVar("T")


def problem(surface: str, value: object, facts: Facts) -> Problem | None:
    return _CHECKS[surface](value)


def _wrong_type(value: object, what: str, expected: str) -> Problem:
    return what, type(value).__name__, expected


def _audio(value: object, what: str) -> Problem | None:
    if not isinstance(value, np.ndarray):
        return _wrong_type(value, f"type({what})", "numpy.ndarray")
    if value.dtype != np.float32:
        return f"{what}.dtype", str(value.dtype), "float32"
    if value.ndim != 1:
        return f"{what}.shape", value.shape, "1-D (mono)"
    return None


def _number(value: object, what: str) -> Problem | None:
    if isinstance(value, bool) or not isinstance(value, Real):
        return _wrong_type(value, f"type({what})", "a float")
    return None


def _integer(value: object, what: str, expected: str = "int") -> Problem | None:
    if isinstance(value, bool) or not isinstance(value, Integral):
        return _wrong_type(value, f"type({what})", expected)
    return None


def _text(value: object, what: str) -> Problem | None:
    return None if isinstance(value, str) else _wrong_type(value, f"type({what})", "str")


def _no_more(item: object, at: str) -> Problem | None:
    return None


def _each(
    items: object,
    what: str,
    listed: str,
    cls: type[T],
    numbers: tuple[str, ...] = (),
    more: Callable[[T, str], Problem | None] = _no_more,
) -> Problem | None:
    """The first problem of a list field `what`: not a list (`listed` is what it should be),
    an item not a `cls`, an item's field in `numbers` not a number, or what `more` finds."""
    if not isinstance(items, list):
        return _wrong_type(items, f"type({what})", listed)
    for i, item in enumerate(items):
        at = f"{what}[{i}]"
        if not isinstance(item, cls):
            return _wrong_type(item, f"type({at})", f"a {cls.__name__}")
        for name in numbers:
            found = _number(getattr(item, name), f"{at}.{name}")
            if found:
                return found
        found = more(item, at)
        if found:
            return found
    return None


def _segment(seg: t.Segment, at: str) -> Problem | None:
    found = _text(seg.text, f"{at}.text")
    if found is None and seg.speaker is not None and not isinstance(seg.speaker, str):
        return _wrong_type(seg.speaker, f"type({at}.speaker)", "str or None")
    return found


def _transcript(value: object, what: str = "result") -> Problem | None:
    if not isinstance(value, t.Transcript):
        return _wrong_type(value, f"type({what})", "a Transcript")
    found = _text(value.text, f"{what}.text")
    found = found or _each(
        value.segments, f"{what}.segments", "list[Segment]", t.Segment, ("start", "end"), _segment
    )
    if found is None and value.language is not None and not isinstance(value.language, str):
        return _wrong_type(value.language, f"type({what}.language)", "str or None")
    return found


def _event(event: t.StreamEvent, at: str) -> Problem | None:
    found = _integer(event.seq, f"{at}.seq")
    if found is None and not isinstance(event.segment_id, (int, str)):
        return _wrong_type(event.segment_id, f"type({at}.segment_id)", "int or str")
    if found is None and not (isinstance(event.text, str) and isinstance(event.is_final, bool)):
        return at, event, "text: str and is_final: bool"
    return found


def _stream(value: object) -> Problem | None:
    assert isinstance(value, StreamRecord)
    found = _each(value.events, "events", "list[StreamEvent]", t.StreamEvent, more=_event)
    return found or _transcript(value.transcript, "finalize()")


def _speech(value: object) -> Problem | None:
    if not isinstance(value, t.Speech):
        return _wrong_type(value, "type(result)", "a Speech")
    return _audio(value.audio, "result.audio") or _integer(value.sr, "result.sr")


def _label(label: t.Label, at: str) -> Problem | None:
    return _text(label.name, f"{at}.name")


def _classification(value: object) -> Problem | None:
    if not isinstance(value, t.Classification):
        return _wrong_type(value, "type(result)", "a Classification")
    return _each(value.labels, "result.labels", "list[Label]", t.Label, ("score",), _label)


def _embedding(value: object) -> Problem | None:
    if not isinstance(value, t.Embedding):
        return _wrong_type(value, "type(result)", "a Embedding")
    return _audio(value.vector, "result.vector")


def _enhanced(value: object) -> Problem | None:
    if not isinstance(value, t.Enhanced):
        return _wrong_type(value, "type(result)", "a Enhanced")
    found = _audio(value.audio, "result.audio") or _integer(value.sr, "result.sr")
    if found is None and value.voice_probability is not None:
        return _audio(value.voice_probability, "result.voice_probability")
    return found


def _stems(value: object) -> Problem | None:
    if not isinstance(value, t.Stems):
        return _wrong_type(value, "type(result)", "a Stems")
    if not isinstance(value.stems, dict):
        return _wrong_type(value.stems, "type(result.stems)", "dict[str, ndarray]")
    for name, audio in value.stems.items():
        found = _audio(audio, f"result.stems[{name!r}]")
        if found:
            return found
    return None


def _pitch(note: t.Note, at: str) -> Problem | None:
    return _integer(note.pitch, f"{at}.pitch", "int (MIDI)")


def _notes(value: object) -> Problem | None:
    if not isinstance(value, t.Notes):
        return _wrong_type(value, "type(result)", "a Notes")
    return _each(value.notes, "result.notes", "list[Note]", t.Note, ("onset", "offset", "velocity"), _pitch)


def _regions(value: object) -> Problem | None:
    if not isinstance(value, t.SpeechRegions):
        return _wrong_type(value, "type(result)", "a SpeechRegions")
    if not isinstance(value.regions, list):
        return _wrong_type(value.regions, "type(result.regions)", "list[tuple[float, float]]")
    for i, region in enumerate(value.regions):
        if not isinstance(region, tuple) or len(region) != 2:
            return f"result.regions[{i}]", region, "a (start, end) tuple"
        found = _number(region[0], f"result.regions[{i}][0]") or _number(region[1], f"result.regions[{i}][1]")
        if found:
            return found
    return None


def _diarization(value: object) -> Problem | None:
    if not isinstance(value, t.Diarization):
        return _wrong_type(value, "type(result)", "a Diarization")
    # speaker labels: speaker_labels_are_strings says what is wrong with them
    return _each(value.turns, "result.turns", "list[Turn]", t.Turn, ("start", "end"))


_CHECKS: dict[str, Callable[[object], Problem | None]] = {
    "asr": _transcript,
    "asr_stream": _stream,
    "tts": _speech,
    "classify": _classification,
    "embed": _embedding,
    "enhance": _enhanced,
    "separate": _stems,
    "music_transcription": _notes,
    "vad": _regions,
    "diarize": _diarization,
}
