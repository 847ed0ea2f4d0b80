"""Streaming latency of an asr_stream model, unpaced and paced, and the harness floor.

Unpaced: chunks pushed back to back, as fast as the model takes them. Paced: each chunk
pushed when its last sample would have arrived from a live source (the audio clock), so the
latencies are what a live caller sees. Both go through `streaming.driver.drive_stream`.

On inputs with word timings (a dataset such as speech_en), the paced pass also times every
recognised word against its end in the audio (metrics/emission.py): emission latency of the
finals and of the first partials, the share of words never finalised, premature words, and
the first token counted from the first word's onset beside the old figure from the start.

The harness floor is the same measurement on `bench.null_model.NullModel`, which does
nothing: what any per-chunk figure costs before the model does any work.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence

from pytest_audiocontract.bench.inputs import synthetic_burst
from pytest_audiocontract.bench.null_model import NullModel
from pytest_audiocontract.bench.stats import percentiles
from pytest_audiocontract.json_types import JSONObject
from pytest_audiocontract.metrics.emission import WordTiming
from pytest_audiocontract.streaming.driver import StreamRun, StreamTarget, drive_stream
from pytest_audiocontract.types import AudioArray

DEFAULT_CHUNK_MS = 160.0
PACED_MAX_S = 12.0  # paced runs take real time: at most this much audio per input
PACED_WORDS_MAX_S = 120.0  # ... except inputs with word timings, paced whole up to this
FLOOR_SECONDS = 10.0
FLOOR_ROUNDS = 5


def stream_metrics(runs: Sequence[StreamRun], chunk_ms: float) -> JSONObject:
    """The latency figures of a set of stream runs (one per input file), pooled.

    Times in ms except `push_latency_us` (microseconds, per `push_audio` call); the rate in
    events per second of audio; `rtf` is total processing time over total audio seconds;
    `partial_churn` is rewritten characters per final character, pooled over runs;
    `num_events`, `num_partials`, `num_finals` are counts summed over runs and
    `audio_duration_s` the seconds of audio they covered (the seed's field names)."""
    audio_s = sum(r.audio_duration_s for r in runs)
    pushes = [s * 1e6 for r in runs for s in r.push_latencies_s]
    first = [v for r in runs if (v := r.first_token_latency_ms) is not None]
    lags = [v for r in runs if (v := r.first_token_lag_ms) is not None]
    churn = [(c, len(r.transcript.text)) for r in runs if (c := r.partial_churn) is not None]
    final_chars = sum(n for _, n in churn)
    return {
        "paced": bool(runs and runs[0].paced),
        "chunk_ms": chunk_ms,
        "audio_seconds": audio_s,
        "chunks": len(pushes),
        "push_latency_us": dict(percentiles(pushes)),
        "first_token_latency_ms": statistics.median(first) if first else None,
        "first_token_lag_ms": statistics.median(lags) if lags else None,
        "partial_update_rate_hz": (sum(r.num_partials for r in runs) / audio_s if audio_s > 0 else None),
        "finalize_latency_ms": statistics.median(r.finalize_latency_ms for r in runs) if runs else None,
        "rtf": sum(r.processing_s for r in runs) / audio_s if audio_s > 0 else None,
        "partial_churn": (sum(c * n for c, n in churn) / final_chars if final_chars > 0 else None),
        "num_events": sum(r.num_events for r in runs),
        "num_partials": sum(r.num_partials for r in runs),
        "num_finals": sum(r.num_finals for r in runs),
        "audio_duration_s": audio_s,
    }


def drive_all(
    model: StreamTarget,
    audio: Sequence[tuple[AudioArray, int]],
    chunk_ms: float,
    paced: bool = False,
    *,
    clock: Callable[[], float] = time.perf_counter,
    sleep: Callable[[float], None] = time.sleep,
) -> list[StreamRun]:
    """One stream per input, in order."""
    return [
        drive_stream(model, a, sr, chunk_ms=chunk_ms, paced=paced, clock=clock, sleep=sleep)
        for a, sr in audio
    ]


def paced_metrics(
    model: StreamTarget,
    audio: Sequence[tuple[AudioArray, int]],
    chunk_ms: float,
    words: Sequence[Sequence[WordTiming] | None] = (),
    *,
    clock: Callable[[], float] = time.perf_counter,
    sleep: Callable[[float], None] = time.sleep,
) -> JSONObject:
    """One paced pass; takes about as long as the audio it covers. `words[i]` are the word
    timings of `audio[i]` (or None): where any input has them, the pass covers those inputs
    (up to PACED_WORDS_MAX_S seconds) and adds the emission figures; otherwise it covers the
    inputs up to PACED_MAX_S seconds (always at least the first)."""
    timed_audio: list[tuple[AudioArray, int]] = []
    timed_words: list[Sequence[WordTiming]] = []
    for a, w in zip(audio, words, strict=False):
        if w:
            timed_audio.append(a)
            timed_words.append(w)
    if timed_audio:
        chosen = _first_seconds(timed_audio, PACED_WORDS_MAX_S)
    else:
        chosen = _first_seconds(audio, PACED_MAX_S)
    runs = drive_all(model, chosen, chunk_ms, paced=True, clock=clock, sleep=sleep)
    metrics = stream_metrics(runs, chunk_ms)
    metrics["inputs_used"] = len(chosen)
    if timed_audio:
        metrics.update(emission_metrics(runs, timed_words[: len(runs)]))
    return metrics


def emission_metrics(runs: Sequence[StreamRun], words: Sequence[Sequence[WordTiming]]) -> JSONObject:
    """The emission figures (metric names of metrics/emission.py) of paced runs, words pooled,
    with `emission_reference_words` (how many reference words the runs covered)."""
    from pytest_audiocontract.metrics.emission import emission_figures, pooled, word_emissions

    result = pooled([word_emissions(r, w) for r, w in zip(runs, words, strict=True)])
    return {**emission_figures(result), "emission_reference_words": result.reference_words}


def _first_seconds(audio: Sequence[tuple[AudioArray, int]], limit_s: float) -> list[tuple[AudioArray, int]]:
    """The inputs in order up to `limit_s` seconds in all (always at least the first)."""
    chosen: list[tuple[AudioArray, int]] = []
    total = 0.0
    for a, sr in audio:
        if chosen and total + a.size / sr > limit_s:
            break
        chosen.append((a, sr))
        total += a.size / sr
    return chosen


def harness_floor(
    chunk_ms: float = DEFAULT_CHUNK_MS, sr: int = 16000, rounds: int = FLOOR_ROUNDS
) -> JSONObject:
    """The harness alone, unpaced on FLOOR_SECONDS of audio: per-chunk `push_audio` latency
    percentiles (us) as the driver measures them, and `per_chunk_us`, the driver's whole wall
    time per chunk (timers, slicing and event bookkeeping included), median over rounds."""
    model = NullModel()
    audio = synthetic_burst(FLOOR_SECONDS, sr)
    drive_stream(model, audio, sr, chunk_ms=chunk_ms)  # warm-up
    runs, per_chunk = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        run = drive_stream(model, audio, sr, chunk_ms=chunk_ms)
        elapsed = time.perf_counter() - start
        runs.append(run)
        per_chunk.append(elapsed / max(1, len(run.push_latencies_s)) * 1e6)
    pushes = [s * 1e6 for r in runs for s in r.push_latencies_s]
    return {
        "chunk_ms": chunk_ms,
        "chunks_per_round": len(runs[0].push_latencies_s),
        "rounds": rounds,
        "push_latency_us": dict(percentiles(pushes)),
        "per_chunk_us": statistics.median(per_chunk),
    }
