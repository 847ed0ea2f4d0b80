"""music_transcription: notes inside the input, MIDI pitches, velocities in [0, 1], sorted."""

from __future__ import annotations

from pytest_audiocontract.audio.strategies import AudioCase
from pytest_audiocontract.contracts.rules import Check, rule
from pytest_audiocontract.contracts.timing import SLACK_S, finite, in_unit_interval, sorted_by_start
from pytest_audiocontract.types import Notes


def _notes(check: Check, case: AudioCase) -> Notes | None:
    return check.result(case, Notes)


@rule(
    "music_transcription",
    "notes_within_duration",
    "0 <= onset < offset <= duration (10 ms slack)",
)
def notes_within_duration(check: Check, case: AudioCase) -> None:
    __tracebackhide__ = True
    result = _notes(check, case)
    for i, note in enumerate(result.notes if result else []):
        if not finite(note.onset, note.offset):
            continue
        check.expect(
            -SLACK_S <= note.onset < note.offset <= case.duration + SLACK_S,
            f"notes[{i}] (onset, offset)",
            (note.onset, note.offset),
            f"0 <= onset < offset <= {case.duration:.3f} s (10 ms slack)",
        )


@rule("music_transcription", "pitch_in_midi_range", "pitch in 0..127")
def pitch_in_midi_range(check: Check, case: AudioCase) -> None:
    __tracebackhide__ = True
    result = _notes(check, case)
    for i, note in enumerate(result.notes if result else []):
        check.expect(0 <= note.pitch <= 127, f"notes[{i}].pitch", note.pitch, "in 0..127 (MIDI)")


@rule("music_transcription", "velocity_in_unit_interval", "velocity in [0, 1]")
def velocity_in_unit_interval(check: Check, case: AudioCase) -> None:
    __tracebackhide__ = True
    result = _notes(check, case)
    in_unit_interval(check, [note.velocity for note in result.notes] if result else [], "notes[{}].velocity")


@rule("music_transcription", "sorted_by_onset", "notes sorted by onset")
def sorted_by_onset(check: Check, case: AudioCase) -> None:
    __tracebackhide__ = True
    result = _notes(check, case)
    if result is not None:
        sorted_by_start(check, [n.onset for n in result.notes], "notes")
