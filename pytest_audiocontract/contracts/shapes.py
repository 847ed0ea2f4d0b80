"""Structural checks of results: the right dataclass, with fields of the right types.

`problem(surface, value, facts)` returns (what, got, expected) for the first thing wrong, or None.
"""

from __future__ import annotations

from numbers import Integral, Real
from typing import Any

import numpy as np

from pytest_audiocontract import types as t
from pytest_audiocontract.contracts.binding import StreamRecord

Problem = tuple[str, Any, str]


def problem(surface: str, value: Any, facts: dict[str, Any]) -> Problem | None:
    return _CHECKS[surface](value)


def _is_type(value: Any, cls: type, what: str) -> Problem | None:
    if not isinstance(value, cls):
        return what, type(value).__name__, f"a {cls.__name__}"
    return None


def _audio(value: Any, what: str) -> Problem | None:
    if not isinstance(value, np.ndarray):
        return f"type({what})", type(value).__name__, "numpy.ndarray"
    if value.dtype != np.float32:
        return f"{what}.dtype", str(value.dtype), "float32"
    if value.ndim != 1:
        return f"{what}.shape", value.shape, "1-D (mono)"
    return None


def _number(value: Any, what: str) -> Problem | None:
    if isinstance(value, bool) or not isinstance(value, Real):
        return f"type({what})", type(value).__name__, "a float"
    return None


def _transcript(value: Any, what: str = "result") -> Problem | None:
    found = _is_type(value, t.Transcript, f"type({what})")
    if found:
        return found
    if not isinstance(value.text, str):
        return f"type({what}.text)", type(value.text).__name__, "str"
    if not isinstance(value.segments, list):
        return f"type({what}.segments)", type(value.segments).__name__, "list[Segment]"
    for i, seg in enumerate(value.segments):
        found = _is_type(seg, t.Segment, f"type({what}.segments[{i}])")
        found = found or _number(seg.start, f"{what}.segments[{i}].start")
        found = found or _number(seg.end, f"{what}.segments[{i}].end")
        if found:
            return found
        if not isinstance(seg.text, str):
            return f"type({what}.segments[{i}].text)", type(seg.text).__name__, "str"
        if seg.speaker is not None and not isinstance(seg.speaker, str):
            return f"type({what}.segments[{i}].speaker)", type(seg.speaker).__name__, "str or None"
    if value.language is not None and not isinstance(value.language, str):
        return f"type({what}.language)", type(value.language).__name__, "str or None"
    return None


def _stream(value: Any) -> Problem | None:
    assert isinstance(value, StreamRecord)
    for i, event in enumerate(value.events):
        found = _is_type(event, t.StreamEvent, f"type(events[{i}])")
        if found:
            return found
        if isinstance(event.seq, bool) or not isinstance(event.seq, Integral):
            return f"type(events[{i}].seq)", type(event.seq).__name__, "int"
        if not isinstance(event.segment_id, (int, str)):
            return f"type(events[{i}].segment_id)", type(event.segment_id).__name__, "int or str"
        if not isinstance(event.text, str) or not isinstance(event.is_final, bool):
            return f"events[{i}]", event, "text: str and is_final: bool"
    return _transcript(value.transcript, "finalize()")


def _speech(value: Any) -> Problem | None:
    found = _is_type(value, t.Speech, "type(result)") or _audio(value.audio, "result.audio")
    if found:
        return found
    if isinstance(value.sr, bool) or not isinstance(value.sr, Integral):
        return "type(result.sr)", type(value.sr).__name__, "int"
    return None


def _classification(value: Any) -> Problem | None:
    found = _is_type(value, t.Classification, "type(result)")
    if found:
        return found
    if not isinstance(value.labels, list):
        return "type(result.labels)", type(value.labels).__name__, "list[Label]"
    for i, label in enumerate(value.labels):
        found = _is_type(label, t.Label, f"type(result.labels[{i}])")
        found = found or _number(label.score, f"result.labels[{i}].score")
        if found:
            return found
        if not isinstance(label.name, str):
            return f"type(result.labels[{i}].name)", type(label.name).__name__, "str"
    return None


def _embedding(value: Any) -> Problem | None:
    return _is_type(value, t.Embedding, "type(result)") or _audio(value.vector, "result.vector")


def _enhanced(value: Any) -> Problem | None:
    found = _is_type(value, t.Enhanced, "type(result)") or _audio(value.audio, "result.audio")
    if found is None and (isinstance(value.sr, bool) or not isinstance(value.sr, Integral)):
        return "type(result.sr)", type(value.sr).__name__, "int"
    if found is None and value.voice_probability is not None:
        return _audio(value.voice_probability, "result.voice_probability")
    return found


def _stems(value: Any) -> Problem | None:
    found = _is_type(value, t.Stems, "type(result)")
    if found:
        return found
    if not isinstance(value.stems, dict):
        return "type(result.stems)", type(value.stems).__name__, "dict[str, ndarray]"
    for name, audio in value.stems.items():
        found = _audio(audio, f"result.stems[{name!r}]")
        if found:
            return found
    return None


def _notes(value: Any) -> Problem | None:
    found = _is_type(value, t.Notes, "type(result)")
    if found:
        return found
    if not isinstance(value.notes, list):
        return "type(result.notes)", type(value.notes).__name__, "list[Note]"
    for i, note in enumerate(value.notes):
        found = _is_type(note, t.Note, f"type(result.notes[{i}])")
        for name in ("onset", "offset", "velocity"):
            found = found or _number(getattr(note, name), f"result.notes[{i}].{name}")
        if found:
            return found
        if isinstance(note.pitch, bool) or not isinstance(note.pitch, Integral):
            return f"type(result.notes[{i}].pitch)", type(note.pitch).__name__, "int (MIDI)"
    return None


def _regions(value: Any) -> Problem | None:
    found = _is_type(value, t.SpeechRegions, "type(result)")
    if found:
        return found
    if not isinstance(value.regions, list):
        return "type(result.regions)", type(value.regions).__name__, "list[tuple[float, float]]"
    for i, region in enumerate(value.regions):
        if not isinstance(region, tuple) or len(region) != 2:
            return f"result.regions[{i}]", region, "a (start, end) tuple"
        found = _number(region[0], f"result.regions[{i}][0]")
        found = found or _number(region[1], f"result.regions[{i}][1]")
        if found:
            return found
    return None


def _diarization(value: Any) -> Problem | None:
    found = _is_type(value, t.Diarization, "type(result)")
    if found:
        return found
    if not isinstance(value.turns, list):
        return "type(result.turns)", type(value.turns).__name__, "list[Turn]"
    for i, turn in enumerate(value.turns):
        found = _is_type(turn, t.Turn, f"type(result.turns[{i}])")
        found = found or _number(turn.start, f"result.turns[{i}].start")
        found = found or _number(turn.end, f"result.turns[{i}].end")
        if found:
            return found
    return None  # speaker labels: speaker_labels_are_strings says what is wrong with them


_CHECKS = {
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
