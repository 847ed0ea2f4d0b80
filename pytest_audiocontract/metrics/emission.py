"""Emission latency of a stream against the words themselves (CAIMAN-ASR, AssemblyAI).

For each reference word with a force-aligned end time, the latency is the moment the stream
emitted the word minus the moment the word ended in the audio. The final transcript (the words
of the final events, in order) is aligned to the reference by jiwer after the project's
normaliser; only correctly recognised words (jiwer's `equal` chunks) are timed:

- *final* latency: the wall time (s from the stream's start) of the final event that carried
  the word, minus the word's end;
- *first partial* latency: the wall time of the first event of that segment whose text had the
  same word at the same position, minus the word's end;
- *premature*: the word first appeared when the audio pushed so far ended at or before the
  word's start (none of its audio had arrived): latency gaming or a guess;
- *unfinalised share*: reference words that no final event's word matched.

Measured in paced mode (chunks pushed on the audio clock), so wall time and audio time agree;
the functions are pure over a recorded `StreamRun` and can be tested with scripted times.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import jiwer
import numpy as np

from pytest_audiocontract.metrics.normalize import normalize
from pytest_audiocontract.streaming.driver import StreamRun, TimedEvent

__all__ = [
    "EmissionResult",
    "WordEmission",
    "WordTiming",
    "emission_figures",
    "pooled",
    "timings",
    "word_emissions",
]

LATENCY_POINTS = (50, 90, 99)


@dataclass(frozen=True)
class WordTiming:
    """A reference word and where it lies in the audio (seconds)."""

    word: str
    start: float
    end: float


def timings(rows: Sequence[WordTiming | Sequence[object]]) -> list[WordTiming]:
    """A manifest item's `words` (`[word, start_s, end_s]` rows) as `WordTiming`s."""
    found = []
    for row in rows:
        if isinstance(row, WordTiming):
            found.append(row)
        else:
            word, start, end = row
            found.append(WordTiming(str(word), float(start), float(end)))  # type: ignore[arg-type]
    return found


@dataclass(frozen=True)
class WordEmission:
    """When one correctly recognised reference word came out of the stream (seconds)."""

    word: str
    ref_index: int
    audio_start_s: float
    audio_end_s: float
    first_partial_s: float
    final_s: float
    premature: bool

    @property
    def final_latency_ms(self) -> float:
        return 1000.0 * (self.final_s - self.audio_end_s)

    @property
    def partial_latency_ms(self) -> float:
        return 1000.0 * (self.first_partial_s - self.audio_end_s)


@dataclass(frozen=True)
class EmissionResult:
    """The timed words of one or more runs and the reference word count they came from."""

    words: list[WordEmission]
    reference_words: int
    first_token_from_onset_ms: list[float]


@dataclass(frozen=True)
class _HypWord:
    word: str
    final: TimedEvent
    segment_events: list[TimedEvent]
    index_in_segment: int


def _words(text: str) -> list[str]:
    return normalize(text).split()


def _hypothesis(run: StreamRun) -> list[_HypWord]:
    """The words of the final events, in order, each with its segment's events up to its final."""
    by_segment: dict[int | str, list[TimedEvent]] = {}
    found: list[_HypWord] = []
    for timed in run.timed_events:
        events = by_segment.setdefault(timed.event.segment_id, [])
        events.append(timed)
        if timed.event.is_final:
            for k, word in enumerate(_words(timed.event.text)):
                found.append(_HypWord(word, timed, list(events), k))
            del by_segment[timed.event.segment_id]
    return found


def _first_appearance(hyp: _HypWord) -> TimedEvent:
    for timed in hyp.segment_events:
        words = _words(timed.event.text)
        if len(words) > hyp.index_in_segment and words[hyp.index_in_segment] == hyp.word:
            return timed
    return hyp.final


def word_emissions(run: StreamRun, reference: Sequence[WordTiming]) -> EmissionResult:
    """Time every correctly recognised word of `reference` in `run`.

    Reference words are normalised one by one; a word the normaliser splits (a digit run) keeps
    the timing of the whole."""
    ref_words: list[WordTiming] = []
    for timing in reference:
        ref_words += [WordTiming(w, timing.start, timing.end) for w in _words(timing.word)]
    hyp = _hypothesis(run)
    emitted: list[WordEmission] = []
    if ref_words and hyp:
        output = jiwer.process_words(" ".join(w.word for w in ref_words), " ".join(h.word for h in hyp))
        for chunk in output.alignments[0]:
            if chunk.type != "equal":
                continue
            for offset in range(chunk.ref_end_idx - chunk.ref_start_idx):
                ref = ref_words[chunk.ref_start_idx + offset]
                word = hyp[chunk.hyp_start_idx + offset]
                first = _first_appearance(word)
                emitted.append(
                    WordEmission(
                        word=ref.word,
                        ref_index=chunk.ref_start_idx + offset,
                        audio_start_s=ref.start,
                        audio_end_s=ref.end,
                        first_partial_s=first.wall_s,
                        final_s=word.final.wall_s,
                        premature=first.audio_s <= ref.start,
                    )
                )
    onset: list[float] = []
    first_token = run.first_token
    if first_token is not None and ref_words:
        onset.append(1000.0 * (first_token.wall_s - ref_words[0].start))
    return EmissionResult(emitted, len(ref_words), onset)


def pooled(results: Sequence[EmissionResult]) -> EmissionResult:
    """Several runs' words as one result (percentiles are over all words of all runs)."""
    return EmissionResult(
        [w for r in results for w in r.words],
        sum(r.reference_words for r in results),
        [v for r in results for v in r.first_token_from_onset_ms],
    )


def _spread(values: Sequence[float], prefix: str) -> dict[str, float]:
    if not values:
        return {}
    found = np.percentile(np.asarray(values, dtype=np.float64), list(LATENCY_POINTS))
    figures = {f"{prefix}_p{p}_ms": float(v) for p, v in zip(LATENCY_POINTS, found, strict=True)}
    figures[f"{prefix}_mean_ms"] = float(np.mean(values))
    return figures


def emission_figures(result: EmissionResult) -> dict[str, float]:
    """The figures under their metric names: `emission_latency_p50_ms` ... `_p99_ms` and
    `_mean_ms` (final events), `partial_latency_*` (first partial), `emission_unfinalised_share`
    (0..1), `emission_premature_words` (a count), `emission_words_timed`, and
    `first_token_from_onset_ms` (median over runs; ms from the first reference word's start)."""
    figures: dict[str, float] = {
        **_spread([w.final_latency_ms for w in result.words], "emission_latency"),
        **_spread([w.partial_latency_ms for w in result.words], "partial_latency"),
        "emission_words_timed": float(len(result.words)),
        "emission_premature_words": float(sum(w.premature for w in result.words)),
    }
    if result.reference_words:
        figures["emission_unfinalised_share"] = 1.0 - len(result.words) / result.reference_words
    if result.first_token_from_onset_ms:
        figures["first_token_from_onset_ms"] = float(np.median(result.first_token_from_onset_ms))
    return figures
