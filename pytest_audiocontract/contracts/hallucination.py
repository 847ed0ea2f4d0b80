"""Hallucination rules of asr and asr_stream: text only where there is speech, and as much.

They hold in any language, since they look at counts and agreement, not at what the words are:

- `no_text_on_non_speech`: no words (tags such as `[Music]` aside) for white noise, tones and
  chirps of 1 s or more, and for the fixtures' music and sound events;
- `words_per_second_ceiling`: at most MAX_WORDS_PER_S words per second of input (plus a
  couple of words), and MAX_CHARS_PER_S letters for scripts without spaces;
- `no_runaway_repetition`: a transcript of 10 words or more repeats at most
  MAX_REPEAT_3GRAM_RATE of its word 3-grams (the seed's repeat_3gram_rate);
- `stable_under_gain`: real speech (fixtures/speech_en) and the same speech at half its
  level give the same words (their word disagreement, the WER of one against the other, at
  most MAX_DISAGREEMENT: a substituted word is recognition noise, a lost or made-up phrase
  is not);
- `stable_under_padding`: the same, with 0.5 s of digital silence before and after;
- asr_stream also gets asr's `silence_gives_empty_text`: no text in any event or in the
  transcript for silence (`silence_yields_empty: false` opts out).

A pack that cannot hold one says so with a reason: `opt_out: {RULE: REASON}` under the surface
(pytest_audiocontract/opt_outs.py). They judge what a trained model says, so variants with
random weights skip them. asr_stream inputs are pushed in 160 ms chunks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

from hypothesis import strategies as st

from pytest_audiocontract.audio.fixture_audio import (
    NON_SPEECH_DATASETS,
    SPEECH_DATASET,
    FixtureSpec,
    fixtures_missing,
    non_speech_specs,
    speech_specs,
)
from pytest_audiocontract.audio.strategies import COMMON_RATES, AudioCase, audio_cases
from pytest_audiocontract.audio.synth import SignalSpec
from pytest_audiocontract.contracts.binding import StreamRecord
from pytest_audiocontract.contracts.cases import StreamCase
from pytest_audiocontract.contracts.inputs import cases_for, examples_for, max_seconds
from pytest_audiocontract.contracts.rules import Check, Facts, Rule, register
from pytest_audiocontract.metrics.hallucination import (
    repeat_ngram_rate,
    spoken_characters,
    spoken_words,
    word_disagreement,
)
from pytest_audiocontract.opt_outs import OPT_OUT_RULES, OPT_OUT_SURFACES, opt_out_reason
from pytest_audiocontract.types import Transcript

MAX_WORDS_PER_S = 8.0  # fast speech is 4-5 words/s; a ceiling, not an estimate
WORD_SLACK = 2
MAX_CHARS_PER_S = 40.0
CHAR_SLACK = 12
MAX_REPEAT_3GRAM_RATE = 0.25
MIN_3GRAMS = 8  # shorter transcripts are not judged for loops
MAX_DISAGREEMENT = 0.25  # a word in four may change (recognition noise), not a phrase
GAIN = 0.5
PADDING_S = 0.5
NON_SPEECH_MIN_S, NON_SPEECH_MAX_S = 1.0, 8.0
STREAM_CHUNK_S = 0.16

Heard: TypeAlias = AudioCase | StreamCase  # what these rules give asr (audio) and asr_stream


def _text(check: Check, case: Heard) -> str | None:
    """The transcript's text, or None where the call failed (returns_result_type reports it)."""
    outcome = check.output(case)
    value = outcome.value.transcript if isinstance(outcome.value, StreamRecord) else outcome.value
    return value.text if outcome.ok and isinstance(value, Transcript) else None


def _as_input(surface: str, audio: AudioCase) -> Heard:
    if surface == "asr_stream":
        return StreamCase(audio, max(1, round(STREAM_CHUNK_S * audio.sr)))
    return audio


def _audio(case: Heard) -> AudioCase:
    return case.audio if isinstance(case, StreamCase) else case


def _with(case: Heard, spec: FixtureSpec) -> Heard:
    audio = AudioCase.of(spec)
    return StreamCase(audio, case.chunk) if isinstance(case, StreamCase) else audio


def _opt_out(rule: str, *datasets: str) -> Callable[[Facts], str | None]:
    def applies(facts: Facts) -> str | None:
        reason = opt_out_reason(facts, rule)
        if reason is not None:
            return f"the pack opts out ({rule}): {reason}"
        return fixtures_missing(*datasets) if datasets else None

    return applies


def _stationary(facts: Facts) -> st.SearchStrategy[AudioCase]:
    """White noise, tones and chirps of NON_SPEECH_MIN_S s or more."""
    return _stationary_cases(max(NON_SPEECH_MIN_S, min(NON_SPEECH_MAX_S, max_seconds(facts))))


@st.composite  # at module level: st.composite reads the source once, not per rule
def _stationary_cases(draw: st.DrawFn, longest: float) -> AudioCase:
    sr = draw(st.sampled_from(COMMON_RATES))
    seconds = draw(st.floats(NON_SPEECH_MIN_S, longest))
    spec = SignalSpec(
        kind=draw(st.sampled_from(("noise", "tone", "chirp"))),
        sr=sr,
        n_samples=int(seconds * sr),
        level=draw(st.sampled_from((0.1, 0.5, 0.01, 1.0))),
        freq=draw(st.sampled_from((440.0, 1000.0, 100.0, 3000.0))),
        seed=draw(st.integers(0, 2**16)),
    )
    return AudioCase.of(spec)


def _fixture_cases(specs: Callable[[], tuple[FixtureSpec, ...]]) -> st.SearchStrategy[AudioCase]:
    # deferred: the manifests are read when the first input is drawn, not at collection
    return st.deferred(lambda: st.sampled_from(specs()).map(AudioCase.of))


def _non_speech(facts: Facts) -> st.SearchStrategy[AudioCase]:
    if fixtures_missing(*NON_SPEECH_DATASETS):
        return _stationary(facts)
    return st.one_of(_fixture_cases(non_speech_specs), _stationary(facts))


def _speech(facts: Facts) -> st.SearchStrategy[AudioCase]:
    return _fixture_cases(speech_specs)


def _anything(facts: Facts) -> st.SearchStrategy[AudioCase]:
    drawn = [audio_cases(max_seconds(facts)), _non_speech(facts)]
    if not fixtures_missing(SPEECH_DATASET):
        drawn.insert(0, _speech(facts))
    return st.one_of(drawn)


def _opt_out_hint(rule: str) -> str:
    return f"(or declare opt_out: {{{rule}: REASON}} under the surface)"


def _on_text(judge: Callable[[Check, Heard, str], None]) -> Callable[[Check, Heard], None]:
    """The rule that `judge`s the transcript's text; nothing to judge where the call failed
    (returns_result_type reports it)."""

    def check_it(check: Check, case: Heard) -> None:
        __tracebackhide__ = True
        text = _text(check, case)
        if text is not None:
            judge(check, case, text)

    return check_it


@_on_text
def _no_text_on_non_speech(check: Check, case: Heard, text: str) -> None:
    __tracebackhide__ = True
    words = spoken_words(text)
    check.expect(
        not words,
        "text",
        text,
        f"no words for a sound that is not speech; tags like [music] are fine {_opt_out_hint(check.rule)}",
    )


@_on_text
def _words_per_second_ceiling(check: Check, case: Heard, text: str) -> None:
    __tracebackhide__ = True
    seconds = _audio(case).duration
    words, chars = len(spoken_words(text)), spoken_characters(text)
    most_words = MAX_WORDS_PER_S * seconds + WORD_SLACK
    most_chars = MAX_CHARS_PER_S * seconds + CHAR_SLACK
    check.expect(
        words <= most_words and chars <= most_chars,
        f"length of the text ({words} words, {chars} letters or digits)",
        text[:200],
        f"at most {most_words:.1f} words and {most_chars:.0f} letters for {seconds:.3f} s of "
        f"audio ({MAX_WORDS_PER_S:g} words and {MAX_CHARS_PER_S:g} letters per second, "
        f"+{WORD_SLACK} words, +{CHAR_SLACK} letters) {_opt_out_hint(check.rule)}",
    )


@_on_text
def _no_runaway_repetition(check: Check, case: Heard, text: str) -> None:
    __tracebackhide__ = True
    rate, grams = repeat_ngram_rate(text, 3)
    check.expect(
        grams < MIN_3GRAMS or rate <= MAX_REPEAT_3GRAM_RATE,
        f"repeat_3gram_rate of the text ({grams} word 3-grams)",
        f"{rate:.3f} in {text[:200]!r}",
        f"at most {MAX_REPEAT_3GRAM_RATE:g}: a decoder in a loop repeats itself {_opt_out_hint(check.rule)}",
    )


def _stable(change: Callable[[FixtureSpec], FixtureSpec], changed: str) -> Callable[[Check, Heard], None]:
    def check_it(check: Check, case: Heard) -> None:
        __tracebackhide__ = True
        spec = _audio(case).spec
        assert isinstance(spec, FixtureSpec), f"{check.rule} draws fixture speech, got {spec!r}"
        text = _text(check, case)
        other = _with(case, change(spec))
        other_text = _text(check, other)
        if text is None or other_text is None:
            return
        disagreement = word_disagreement(text, other_text)
        if disagreement > MAX_DISAGREEMENT and _agrees_with_itself(check, case, text):
            call = f"{_audio(case).describe()}, then {_audio(other).describe()}"
            check.fail(
                f"text of {changed} (word disagreement {disagreement:.3f})",
                other_text,
                f"{text!r}, the text of the speech as it is {_opt_out_hint(check.rule)}",
                call=f"{check.surface} on {call}",
            )

    return check_it


def _agrees_with_itself(check: Check, case: Heard, text: str) -> bool:
    """A second call on the same input gives the same words: a model that does not cannot be
    judged for stability (the deterministic rule reports it, or it declares deterministic:
    false)."""
    again = check.fresh(case)
    value = again.value.transcript if isinstance(again.value, StreamRecord) else again.value
    check.case = case
    return again.ok and isinstance(value, Transcript) and word_disagreement(text, value.text) == 0.0


def _silent_stream_is_empty(check: Check, case: StreamCase) -> None:
    __tracebackhide__ = True
    outcome = check.output(case)
    record = outcome.value
    if not (outcome.ok and isinstance(record, StreamRecord) and isinstance(record.transcript, Transcript)):
        return  # returns_result_type reports it
    spoken = [e.text for e in record.events if e.text.strip()]
    check.expect(
        not spoken and not record.transcript.text.strip(),
        "texts (events, then finalize())",
        [*spoken, record.transcript.text],
        "no text for silence (or declare silence_yields_empty: false)",
    )


def _silence_applies(facts: Facts) -> str | None:
    if facts.get("silence_yields_empty") is False:
        return "the pack declares silence_yields_empty: false"
    return None


Drawn: TypeAlias = Callable[[Facts], st.SearchStrategy[AudioCase]]
_RULES: list[tuple[str, Callable[[Check, Heard], None], Drawn, tuple[str, ...]]] = [
    ("no_text_on_non_speech", _no_text_on_non_speech, _non_speech, ()),
    ("words_per_second_ceiling", _words_per_second_ceiling, _anything, ()),
    ("no_runaway_repetition", _no_runaway_repetition, _anything, ()),
    (
        "stable_under_gain",
        _stable(lambda s: s.scaled(GAIN), f"the speech at gain {GAIN:g}"),
        _speech,
        (SPEECH_DATASET,),
    ),
    (
        "stable_under_padding",
        _stable(
            lambda s: s.padded(PADDING_S, PADDING_S),
            f"the speech with {PADDING_S:g} s of silence before and after",
        ),
        _speech,
        (SPEECH_DATASET,),
    ),
]


def _register() -> None:
    for surface in OPT_OUT_SURFACES:
        for name, check, strategy, datasets in _RULES:

            def cases(
                facts: Facts,
                draw: Drawn = strategy,
                surface: str = surface,
            ) -> st.SearchStrategy[Heard]:
                return draw(facts).map(lambda audio: _as_input(surface, audio))

            applies = _opt_out(name, *datasets)
            summary = OPT_OUT_RULES[name]
            register(Rule(surface, name, summary, check, cases, applies=applies, judges_behaviour=True))
    register(
        Rule(
            "asr_stream",
            "silence_gives_empty_text",
            "silence gives no text, in the events or the transcript",
            _silent_stream_is_empty,
            lambda facts: cases_for("asr_stream", facts, silent=True),
            lambda facts: examples_for("asr_stream", facts, silent=True),
            applies=_silence_applies,
            judges_behaviour=True,
        )
    )


_register()
