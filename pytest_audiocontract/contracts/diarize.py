"""diarize: turns inside the input, ordered; string labels; silence gives no turns; one voice
gives one speaker."""

from __future__ import annotations

from pytest_audiocontract.audio import voices
from pytest_audiocontract.audio.strategies import AudioCase, voice_cases, voice_examples
from pytest_audiocontract.contracts.inputs import cases_for, examples_for, max_seconds
from pytest_audiocontract.contracts.rules import Check, rule
from pytest_audiocontract.contracts.timing import finite, sorted_by_start, within_duration
from pytest_audiocontract.types import Diarization, Turn


def _turns(check: Check, case: AudioCase) -> list[Turn] | None:
    result = check.result(case, Diarization)
    if result is None or not isinstance(result.turns, list):
        return None
    return [t for t in result.turns if isinstance(t, Turn)]


@rule(
    "diarize",
    "turns_within_duration",
    "turns lie within [0, duration] (10 ms slack)",
)
def turns_within_duration(check: Check, case: AudioCase) -> None:
    __tracebackhide__ = True
    turns = _turns(check, case)
    if turns is not None:
        within_duration(check, [(t.start, t.end) for t in turns], "turns", case.duration)


@rule(
    "diarize",
    "turns_ordered",
    "start < end in every turn; turns sorted by start",
)
def turns_ordered(check: Check, case: AudioCase) -> None:
    __tracebackhide__ = True
    turns = _turns(check, case)
    if turns is None:
        return
    for i, turn in enumerate(turns):
        if finite(turn.start, turn.end):
            check.expect(turn.start < turn.end, f"turns[{i}]", (turn.start, turn.end), "start < end")
    sorted_by_start(check, [t.start for t in turns], "turns")


@rule(
    "diarize",
    "speaker_labels_are_strings",
    "every turn's speaker is a non-empty str",
)
def speaker_labels_are_strings(check: Check, case: AudioCase) -> None:
    __tracebackhide__ = True
    for i, turn in enumerate(_turns(check, case) or []):
        check.expect(
            isinstance(turn.speaker, str) and turn.speaker.strip() != "",
            f"turns[{i}].speaker",
            turn.speaker,
            "a non-empty str (a label such as 'spk0')",
        )


@rule(
    "diarize",
    "silence_gives_no_turns",
    "silence gives no turns",
    cases=lambda facts: cases_for("diarize", facts, silent=True),
    examples=lambda facts: examples_for("diarize", facts, silent=True),
)
def silence_gives_no_turns(check: Check, case: AudioCase) -> None:
    __tracebackhide__ = True
    turns = _turns(check, case)
    if turns is not None:
        check.expect(turns == [], "turns", turns, "[] for silence")


@rule(
    "diarize",
    "single_speaker_gives_one_speaker",
    "one speaker's speech (fixtures/speech_en voices, with pauses) gives exactly one speaker label",
    cases=lambda facts: voice_cases(max_seconds(facts)),
    examples=lambda facts: voice_examples(max_seconds(facts)),
    applies=lambda facts: voices.missing(),
    judges_behaviour=True,  # what a trained model says: random-weight variants skip it
)
def single_speaker_gives_one_speaker(check: Check, case: AudioCase) -> None:
    __tracebackhide__ = True
    turns = _turns(check, case)
    if turns is None:
        return
    labels: list[object] = []  # labels that are not strings still count (another rule names them)
    for turn in turns:
        if turn.speaker not in labels:
            labels.append(turn.speaker)
    check.expect(len(labels) == 1, "speakers", labels, "exactly one label: the input has one voice")
