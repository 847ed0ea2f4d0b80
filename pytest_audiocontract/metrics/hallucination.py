"""Text figures of the hallucination rules, in any language (contracts/hallucination.py).

- `spoken_words(text)`: the words of a transcript that claim speech: whitespace-separated
  tokens with a letter or digit, once bracketed tags are removed (`[Music]`, `(beeping)`,
  `*applause*`, `♪ ... ♪` are a recogniser saying what it heard that was not speech).
- `repeat_ngram_rate(text, n)`: of the word n-grams of a transcript, the share that repeat an
  n-gram seen earlier in it (the seed's `repeat_3gram_rate` for n = 3). A transcript of
  ordinary speech scores near 0; a decoder stuck in a loop near 1.
- `word_disagreement(a, b)`: word error rate of `b` against `a` after the text normaliser,
  for comparing two transcripts of the same speech (symmetric enough for a bound: 0 means
  the same words).
"""

from __future__ import annotations

import re

import jiwer

from pytest_audiocontract.metrics.normalize import normalize

__all__ = ["repeat_ngram_rate", "spoken_characters", "spoken_words", "word_disagreement"]

_TAGS = re.compile(r"\[[^\]]*\]|\([^)]*\)|\*[^*]*\*|♪[^♪]*♪")


def _untagged(text: str) -> str:
    return _TAGS.sub(" ", text)


def spoken_words(text: str) -> list[str]:
    """Tokens with a letter or digit, outside bracketed tags."""
    return [t for t in _untagged(text).split() if any(c.isalnum() for c in t)]


def spoken_characters(text: str) -> int:
    """Letters and digits outside bracketed tags (counts speech in scripts without spaces)."""
    return sum(c.isalnum() for c in _untagged(text))


def repeat_ngram_rate(text: str, n: int = 3) -> tuple[float, int]:
    """(share of the word n-grams that repeat an earlier one, number of n-grams); (0.0, 0)
    when the text has fewer than n words. Words are compared after the text normaliser."""
    words = normalize(" ".join(spoken_words(text))).split()
    grams = [tuple(words[i : i + n]) for i in range(len(words) - n + 1)]
    if not grams:
        return 0.0, 0
    seen: set[tuple[str, ...]] = set()
    repeats = 0
    for gram in grams:
        repeats += gram in seen
        seen.add(gram)
    return repeats / len(grams), len(grams)


def word_disagreement(a: str, b: str) -> float:
    """Word error rate of `b` against `a`, both normalised; 0.0 when both are empty, 1.0 when
    only `a` is."""
    ref, hyp = normalize(a), normalize(b)
    if not ref.split():
        return 0.0 if not hyp.split() else 1.0
    return float(jiwer.wer(ref, hyp))
