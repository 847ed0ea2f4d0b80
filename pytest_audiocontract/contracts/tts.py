"""tts: text with a letter or digit gives audio; blank text gives none; other Unicode is safe."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from pytest_audiocontract.audio.strategies import BLANK_TEXTS, TTS_SENTENCES
from pytest_audiocontract.contracts.cases import TextCase
from pytest_audiocontract.contracts.inputs import has_alnum
from pytest_audiocontract.contracts.rules import Check, rule
from pytest_audiocontract.types import Speech


def _raised_value_error(check: Check, error: BaseException, expected: str) -> None:
    """A raise is allowed only as ValueError (the rules that judge raises)."""
    __tracebackhide__ = True
    check.expect(isinstance(error, ValueError), "raised", f"{type(error).__name__}: {error}", expected)


@rule(
    "tts",
    "text_gives_audio",
    "text with a letter or digit gives non-empty audio with sr > 0 and peak <= 1.0",
    cases=lambda facts: st.text(min_size=1, max_size=60).filter(has_alnum).map(TextCase),
    examples=lambda facts: [TextCase(t) for t in TTS_SENTENCES],
)
def text_gives_audio(check: Check, case: TextCase) -> None:
    __tracebackhide__ = True
    outcome = check.output(case)
    if not outcome.ok or not isinstance(outcome.value, Speech):
        return
    speech = outcome.value
    if not isinstance(speech.audio, np.ndarray):
        return
    check.expect(
        speech.audio.size > 0, "len(audio)", speech.audio.size, "> 0 for text with a letter or digit"
    )
    check.expect(speech.sr > 0, "sr", speech.sr, "> 0")
    peak = float(np.nanmax(np.abs(speech.audio))) if np.isfinite(speech.audio).any() else 0.0
    check.expect(peak <= 1.0, "peak", peak, "<= 1.0 (full scale)")


@rule(
    "tts",
    "blank_text_gives_no_audio",
    "empty or whitespace-only text gives empty audio or raises ValueError",
    cases=lambda facts: st.sampled_from(BLANK_TEXTS).map(TextCase),
    examples=lambda facts: [TextCase(t) for t in BLANK_TEXTS],
    judges_raises=True,
)
def blank_text_gives_no_audio(check: Check, case: TextCase) -> None:
    __tracebackhide__ = True
    outcome = check.output(case)
    if outcome.error is not None:
        _raised_value_error(check, outcome.error, "empty audio or ValueError for blank text")
        return
    size = getattr(getattr(outcome.value, "audio", None), "size", None)
    check.expect(size == 0, "len(audio)", size, "0 for blank text (or raise ValueError)")


@rule(
    "tts",
    "any_unicode_is_safe",
    "any other Unicode text either works or raises ValueError",
    cases=lambda facts: st.text(max_size=40).map(TextCase),
    examples=lambda facts: [TextCase(t) for t in ("\x00", "🎉🎉", "\u202e abc", "ǅ" * 300)],
    judges_raises=True,
)
def any_unicode_is_safe(check: Check, case: TextCase) -> None:
    __tracebackhide__ = True
    outcome = check.output(case)
    if outcome.error is not None:
        _raised_value_error(check, outcome.error, "a Speech or ValueError (no other exception)")
    else:
        check.expect(
            isinstance(outcome.value, Speech), "type(result)", type(outcome.value).__name__, "a Speech"
        )
