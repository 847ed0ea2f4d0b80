"""The terminal summary of benchmarks: RTF per item (each named by the input it timed),
emission latency, the harness floor; times in the unit that fits them, never 1e-06."""

from __future__ import annotations

import pytest

from pytest_audiocontract.json_fields import number, numbers, obj, text
from pytest_audiocontract.json_types import JSONObject
from pytest_audiocontract.render.aligned import aligned
from pytest_audiocontract.render.labels import bench_input
from pytest_audiocontract.render.summary import gather
from pytest_audiocontract.render.tables import (
    Table,
    count,
    fmt,
    paced,
    pack_label,
    quality_text,
    time_columns,
)
from pytest_audiocontract.safe_text import one_line


def write_bench_summary(terminalreporter: pytest.TerminalReporter) -> None:
    rows = [record for _, record in gather(terminalreporter, "benchmark")]
    if not rows:
        return
    terminalreporter.section("audiocontract benchmarks")
    medians = [obj(r.get("stats_s")).get("median") for r in rows]
    unit, when = time_columns(numbers(medians))
    table = Table(
        "",
        [
            "pack",
            "surface",
            "measured on (benchmark input)",
            "audio s",
            f"median {unit}",
            "RTF (median round)",
            "quality",
        ],
    )
    for r in sorted(rows, key=lambda r: tuple(text(r.get(k)) for k in ("surface", "pack", "input"))):
        table.rows.append(
            [
                pack_label(r),
                text(r.get("surface")),
                bench_input(r),
                fmt(r.get("audio_seconds")),
                when(obj(r.get("stats_s")).get("median")),
                fmt(r.get("rtf")),
                quality_text(obj(r.get("quality"))),
            ]
        )
    _write(terminalreporter, table)
    for r in sorted(rows, key=lambda r: (text(r.get("pack")), text(r.get("input")))):
        line = emission_line(r)
        if line:
            terminalreporter.write_line(one_line(line))
    floors = {}
    for r in rows:
        floor = obj(obj(r.get("streaming")).get("harness_floor"))
        chunk = number(floor.get("chunk_ms"))
        if chunk is not None:
            floors[fmt(chunk)] = floor
    for chunk_text, floor in sorted(floors.items()):
        push = obj(floor.get("push_latency_us"))
        terminalreporter.write_line(
            f"harness floor ({chunk_text} ms chunks, no-op model): {fmt(floor.get('per_chunk_us'))} µs "
            f"per chunk; push_audio p50 {fmt(push.get('p50'))} µs, p99 {fmt(push.get('p99'))} µs"
        )


def emission_line(record: JSONObject) -> str | None:
    """One line of a paced stream's emission figures, or None where it timed no words."""
    found = paced(record)
    if "emission_reference_words" not in found:
        return None

    def ms(key: str) -> str:
        return f"{fmt(found.get(key))} ms" if found.get(key) is not None else "–"

    return (
        f"emission latency {pack_label(record)} on {bench_input(record)} (paced, "
        f"{fmt(found.get('chunk_ms'))} ms chunks, {count(found.get('emission_words_timed'))} of "
        f"{count(found.get('emission_reference_words'))} words timed): final p50 "
        f"{ms('emission_latency_p50_ms')}, p90 {ms('emission_latency_p90_ms')}, p99 "
        f"{ms('emission_latency_p99_ms')}, mean {ms('emission_latency_mean_ms')}; first partial "
        f"p50 {ms('partial_latency_p50_ms')}, p90 {ms('partial_latency_p90_ms')}; unfinalised "
        f"{fmt(found.get('emission_unfinalised_share'))}, premature "
        f"{count(found.get('emission_premature_words'))}; first token "
        f"{ms('first_token_from_onset_ms')} from the first word's onset "
        f"({ms('first_token_latency_ms')} from the start)"
    )


def _write(terminalreporter: pytest.TerminalReporter, table: Table) -> None:
    for line in aligned([[one_line(c) for c in row] for row in [table.headers, *table.rows]]):
        terminalreporter.write_line(line)
