"""Streaming latency of an asr_stream model, unpaced and paced, and the harness floor.

Unpaced: chunks pushed back to back, as fast as the model takes them. Paced: each chunk
pushed when its last sample would have arrived from a live source (the audio clock), so the
latencies are what a live caller sees. Both go through `streaming.driver.drive_stream`.

The harness floor is the same measurement on `bench.null_model.NullModel`, which does
nothing: what any per-chunk figure costs before the model does any work.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from typing import Any

from pytest_audiocontract.bench.inputs import synthetic_burst
from pytest_audiocontract.bench.null_model import NullModel
from pytest_audiocontract.bench.stats import percentiles
from pytest_audiocontract.streaming.driver import StreamRun, drive_stream
from pytest_audiocontract.types import AudioArray

DEFAULT_CHUNK_MS = 160.0
PACED_MAX_S = 12.0  # paced runs take real time: at most this much audio per input
FLOOR_SECONDS = 10.0
FLOOR_ROUNDS = 5


def stream_metrics(runs: Sequence[StreamRun], chunk_ms: float) -> dict[str, Any]:
    """The latency figures of a set of stream runs (one per input file), pooled.

    Times in ms except `push_latency_us` (microseconds, per `push_audio` call); the rate in
    events per second of audio; `rtf` is total processing time over total audio seconds;
    `partial_churn` is rewritten characters per final character, pooled over runs."""
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
        "push_latency_us": percentiles(pushes),
        "first_token_latency_ms": statistics.median(first) if first else None,
        "first_token_lag_ms": statistics.median(lags) if lags else None,
        "partial_update_rate_hz": (sum(r.num_partials for r in runs) / audio_s if audio_s > 0 else None),
        "finalize_latency_ms": statistics.median(r.finalize_latency_ms for r in runs) if runs else None,
        "rtf": sum(r.processing_s for r in runs) / audio_s if audio_s > 0 else None,
        "partial_churn": (sum(c * n for c, n in churn) / final_chars if final_chars > 0 else None),
    }


def drive_all(
    model: Any, audio: Sequence[tuple[AudioArray, int]], chunk_ms: float, paced: bool = False
) -> list[StreamRun]:
    """One stream per input, in order."""
    return [drive_stream(model, a, sr, chunk_ms=chunk_ms, paced=paced) for a, sr in audio]


def paced_metrics(model: Any, audio: Sequence[tuple[AudioArray, int]], chunk_ms: float) -> dict[str, Any]:
    """One paced pass over the inputs, up to PACED_MAX_S seconds of audio (always at least
    the first input); takes about as long as that audio lasts."""
    chosen: list[tuple[AudioArray, int]] = []
    total = 0.0
    for a, sr in audio:
        if chosen and total + a.size / sr > PACED_MAX_S:
            break
        chosen.append((a, sr))
        total += a.size / sr
    metrics = stream_metrics(drive_all(model, chosen, chunk_ms, paced=True), chunk_ms)
    metrics["inputs_used"] = len(chosen)
    return metrics


def harness_floor(
    chunk_ms: float = DEFAULT_CHUNK_MS, sr: int = 16000, rounds: int = FLOOR_ROUNDS
) -> dict[str, Any]:
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
        "push_latency_us": percentiles(pushes),
        "per_chunk_us": statistics.median(per_chunk),
    }
