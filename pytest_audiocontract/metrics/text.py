"""Word and character error rates over a corpus of transcripts, through jiwer.

Both sides go through `normalize` (see normalize.py; its version is stamped on every result).
Rates are corpus-level: the edit operations of every utterance are summed and divided by the
total number of reference words (or characters), so a long utterance weighs more than a short
one. CER counts the spaces between words as characters, as jiwer does.

Empty references: an utterance whose normalised reference is empty contributes its hypothesis
words as insertions. When the whole corpus has no reference word (or character), the rate is
0.0 if the hypotheses are empty too and 1.0 otherwise (a model that writes words where nothing
was said is fully wrong); the insertion count keeps the detail.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import jiwer

from pytest_audiocontract.metrics.normalize import NORMALISER_VERSION, normalize

__all__ = ["EditCounts", "cer", "character_errors", "evaluate", "validate", "wer", "word_errors"]


@dataclass(frozen=True)
class EditCounts:
    """Edit operations summed over a corpus, in words (WER) or characters (CER)."""

    hits: int
    substitutions: int
    deletions: int
    insertions: int
    normaliser: str = NORMALISER_VERSION

    @property
    def reference_length(self) -> int:
        """Number of reference units (words or characters) after normalisation."""
        return self.hits + self.substitutions + self.deletions

    @property
    def errors(self) -> int:
        return self.substitutions + self.deletions + self.insertions

    @property
    def rate(self) -> float:
        """errors / reference length; 0.0 or 1.0 for an empty reference (module docstring)."""
        if self.reference_length == 0:
            return 0.0 if self.errors == 0 else 1.0
        return self.errors / self.reference_length


def validate(references: Sequence[str], hypotheses: Sequence[str]) -> None:
    """Raise ValueError unless both are sequences of strings of the same length."""
    if isinstance(references, str) or isinstance(hypotheses, str):
        raise ValueError(
            "references and hypotheses should be lists of utterances, but a single str was "
            "given; wrap it in a list"
        )
    if len(references) != len(hypotheses):
        raise ValueError(
            f"len(references)={len(references)}, but should equal "
            f"len(hypotheses)={len(hypotheses)}: pass one hypothesis per reference"
        )
    for name, texts in (("references", references), ("hypotheses", hypotheses)):
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                raise ValueError(f"{name}[{i}] is a {type(text).__name__}, but should be a str")


def word_errors(references: Sequence[str], hypotheses: Sequence[str]) -> EditCounts:
    """Word-level edit counts over the corpus, after normalisation."""
    refs, hyps, unmatched = _normalised(references, hypotheses)
    inserted = sum(len(h.split()) for h in unmatched)
    if not refs:
        return EditCounts(0, 0, 0, inserted)
    out = jiwer.process_words(refs, hyps)
    return EditCounts(out.hits, out.substitutions, out.deletions, out.insertions + inserted)


def character_errors(references: Sequence[str], hypotheses: Sequence[str]) -> EditCounts:
    """Character-level edit counts over the corpus, after normalisation (spaces count)."""
    refs, hyps, unmatched = _normalised(references, hypotheses)
    inserted = sum(len(h) for h in unmatched)
    if not refs:
        return EditCounts(0, 0, 0, inserted)
    out = jiwer.process_characters(refs, hyps)
    return EditCounts(out.hits, out.substitutions, out.deletions, out.insertions + inserted)


def wer(references: Sequence[str], hypotheses: Sequence[str]) -> float:
    """Corpus word error rate (a ratio; 0 is perfect, it may exceed 1)."""
    return word_errors(references, hypotheses).rate


def cer(references: Sequence[str], hypotheses: Sequence[str]) -> float:
    """Corpus character error rate (a ratio; 0 is perfect, it may exceed 1)."""
    return character_errors(references, hypotheses).rate


def evaluate(references: Sequence[str], hypotheses: Sequence[str]) -> dict[str, float | str]:
    """WER, CER and their word-level counts, stamped with the normaliser version.

    Keys: ``wer``, ``cer`` (ratios), ``substitutions``, ``deletions``, ``insertions``,
    ``reference_words`` (counts, as floats) and ``normaliser`` (the version string).
    """
    words = word_errors(references, hypotheses)
    chars = character_errors(references, hypotheses)
    return {
        "wer": words.rate,
        "cer": chars.rate,
        "substitutions": float(words.substitutions),
        "deletions": float(words.deletions),
        "insertions": float(words.insertions),
        "reference_words": float(words.reference_length),
        "normaliser": NORMALISER_VERSION,
    }


def _normalised(
    references: Sequence[str], hypotheses: Sequence[str]
) -> tuple[list[str], list[str], list[str]]:
    """Normalised (references, hypotheses) with a non-empty reference, and the hypotheses of
    the empty references (all insertions; kept apart because jiwer 3 rejects empty references)."""
    validate(references, hypotheses)
    refs: list[str] = []
    hyps: list[str] = []
    unmatched: list[str] = []
    for reference, hypothesis in zip(references, hypotheses, strict=True):
        ref, hyp = normalize(reference), normalize(hypothesis)
        if ref:
            refs.append(ref)
            hyps.append(hyp)
        else:
            unmatched.append(hyp)
    return refs, hyps, unmatched
