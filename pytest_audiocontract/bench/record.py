"""The record of one benchmark: stats of the rounds, RTF, memory, quality, stream latency.

The same figures go to pytest-benchmark's `extra_info` (flat, for its JSON saves) and to the
audiocontract record (kind "benchmark") that the reports and `audiocontract compare` read.
An asr_stream record's `streaming.paced` holds the emission latencies where the input has
word timings; `extra_info` carries them flat under their claim metric names.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pytest_audiocontract.bench.inputs import BenchInput
from pytest_audiocontract.bench.run import LastRound, stream_target
from pytest_audiocontract.bench.stats import summary
from pytest_audiocontract.isolation.memory_probe import MemoryFigure
from pytest_audiocontract.json_types import JSONObject
from pytest_audiocontract.metric_names import EMISSION_METRICS
from pytest_audiocontract.results.fingerprint import device_fingerprint
from pytest_audiocontract.session import RunState

if TYPE_CHECKING:
    from pytest_audiocontract.bench.items import BenchItem

SCHEMA_KIND = "benchmark"


def benchmark_record(
    item: BenchItem,
    model: object,
    data: BenchInput,
    last: LastRound,
    times: list[float],
    chunk_ms: float,
    state: RunState,
    cpu_times: list[float],
    memory: MemoryFigure,
) -> JSONObject:
    """Everything one benchmark item measured; `times` are the rounds' wall seconds,
    `cpu_times` their CPU seconds, `memory` the pack's own worker (memory_probe.py)."""
    from pytest_audiocontract.bench.quality import quality

    audio_s = last.audio_seconds
    median_s = float(statistics.median(times))
    rtf = median_s / audio_s if audio_s > 0 else None
    cpu_s = float(statistics.median(cpu_times)) if cpu_times else None
    cpu_rtf = cpu_s / audio_s if cpu_s is not None and audio_s > 0 else None
    stems = list(item.spec.facts(item.surface).get("stems", []))
    found_quality = quality(data, last.outputs, stems) if data.quality_metrics else {}
    extra: JSONObject = {
        "pack": item.spec.id,
        "surface": item.surface,
        "input": data.name,
        "audio_seconds": audio_s,
        "rtf": rtf,
        "rtfx": (1.0 / rtf) if rtf else None,
        "wall_s": median_s,
        "cpu_s": cpu_s,
        "cpu_rtf": cpu_rtf,
        "peak_rss_mb": memory.peak_rss_mb,
        "baseline_rss_mb": memory.baseline_rss_mb,
        "device_fingerprint": device_fingerprint(item.device),
        **found_quality,
    }
    record: JSONObject = {
        "kind": SCHEMA_KIND,
        "pack": item.spec.id,
        "variant": item.variant,
        "device": item.device,
        "surface": item.surface,
        "input": data.name,
        "nodeid": item.nodeid,
        "audio_seconds": audio_s,
        "rounds_s": list(times),
        "stats_s": dict(summary(times)),
        "rtf": rtf,
        "rtf_rounds": [t / audio_s for t in times] if audio_s > 0 else [],
        "rtfx": extra["rtfx"],
        "wall_s": median_s,
        "cpu_s": cpu_s,
        "cpu_rounds_s": list(cpu_times),
        "cpu_rtf": cpu_rtf,
        "cpu_rtf_rounds": [t / audio_s for t in cpu_times] if audio_s > 0 else [],
        **memory.as_record(),
        "quality": dict(found_quality),
        "device_fingerprint": extra["device_fingerprint"],
    }
    if item.surface == "asr":
        found = asr_output_figures(last.outputs, median_s)
        record.update(found)
        extra.update(found)
    if item.surface == "asr_stream":
        unpaced, paced, floor = _streaming(model, data, last, chunk_ms, state)
        record["streaming"] = {"unpaced": unpaced, "paced": paced, "harness_floor": floor}
        pushes = unpaced["push_latency_us"]
        extra["first_token_latency_ms"] = unpaced["first_token_latency_ms"]
        extra["push_latency_p50_us"] = pushes.get("p50") if isinstance(pushes, dict) else None
        extra["harness_floor_per_chunk_us"] = floor["per_chunk_us"]
        extra.update({k: paced[k] for k in EMISSION_METRICS if k in paced})
    record["extra_info"] = extra
    return record


def asr_output_figures(transcripts: Sequence[object], wall_s: float) -> dict[str, float]:
    """The seed's batch ASR fields: `wall_ms` (median round, ms), and over the last round's
    transcripts `text_len` (characters of text) and `num_segments` (segments), summed."""
    return {
        "wall_ms": 1000.0 * wall_s,
        "text_len": sum(len(getattr(t, "text", "") or "") for t in transcripts),
        "num_segments": sum(len(getattr(t, "segments", ()) or ()) for t in transcripts),
    }


def _streaming(
    model: object, data: BenchInput, last: LastRound, chunk_ms: float, state: RunState
) -> tuple[JSONObject, JSONObject, JSONObject]:
    """The unpaced figures (of the timed rounds), the paced pass, and the harness floor."""
    from pytest_audiocontract.bench.streaming import harness_floor, paced_metrics, stream_metrics

    floors = state.harness_floors
    if chunk_ms not in floors:
        floors[chunk_ms] = harness_floor(chunk_ms)
    unpaced = stream_metrics(last.stream_runs, chunk_ms)
    return unpaced, paced_metrics(stream_target(model), data.audio, chunk_ms, data.words), floors[chunk_ms]
