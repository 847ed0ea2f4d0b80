"""The terminal summary of benchmarks: RTF per item, emission latency, the harness floor."""

from __future__ import annotations

from typing import Any

from pytest_audiocontract.render.aligned import aligned
from pytest_audiocontract.render.safe_text import one_line
from pytest_audiocontract.render.tables import Table, fmt
from pytest_audiocontract.results.summary import gather


def write_bench_summary(terminalreporter: Any) -> None:
    rows = [record for _, record in gather(terminalreporter, "benchmark")]
    if not rows:
        return
    terminalreporter.section("audiocontract benchmarks")
    table = Table("", ["pack", "surface", "input", "audio s", "median s", "RTF", "quality"])
    for r in sorted(rows, key=lambda r: (r["surface"], r["pack"], r["input"])):
        quality = ", ".join(
            f"{k}={fmt(v)}" for k, v in sorted(r.get("quality", {}).items()) if isinstance(v, float)
        )
        table.rows.append(
            [
                r["pack"],
                r["surface"],
                r["input"],
                fmt(r["audio_seconds"]),
                fmt(r["stats_s"].get("median")),
                fmt(r.get("rtf")),
                quality or "–",
            ]
        )
    _write(terminalreporter, table)
    for r in sorted(rows, key=lambda r: (r["pack"], r["input"])):
        line = emission_line(r)
        if line:
            terminalreporter.write_line(one_line(line))
    floors = {
        f"{r['streaming']['harness_floor']['chunk_ms']:g}": r["streaming"]["harness_floor"]
        for r in rows
        if r.get("streaming")
    }
    for chunk, floor in sorted(floors.items()):
        push = floor["push_latency_us"]
        terminalreporter.write_line(
            f"harness floor ({chunk} ms chunks, no-op model): {fmt(floor['per_chunk_us'])} us "
            f"per chunk; push_audio p50 {fmt(push.get('p50'))} us, p99 {fmt(push.get('p99'))} us"
        )


def emission_line(record: dict[str, Any]) -> str | None:
    """One line of a paced stream's emission figures, or None where it timed no words."""
    paced = (record.get("streaming") or {}).get("paced") or {}
    if "emission_reference_words" not in paced:
        return None

    def ms(key: str) -> str:
        return f"{fmt(paced.get(key))} ms" if paced.get(key) is not None else "–"

    return (
        f"emission latency {record['pack']}/{record['input']} (paced, "
        f"{fmt(paced.get('chunk_ms'))} ms chunks, {fmt(paced.get('emission_words_timed'))} of "
        f"{fmt(paced.get('emission_reference_words'))} words timed): final p50 "
        f"{ms('emission_latency_p50_ms')}, p90 {ms('emission_latency_p90_ms')}, p99 "
        f"{ms('emission_latency_p99_ms')}, mean {ms('emission_latency_mean_ms')}; first partial "
        f"p50 {ms('partial_latency_p50_ms')}, p90 {ms('partial_latency_p90_ms')}; unfinalised "
        f"{fmt(paced.get('emission_unfinalised_share'))}, premature "
        f"{fmt(paced.get('emission_premature_words'))}; first token "
        f"{ms('first_token_from_onset_ms')} from the first word's onset "
        f"({ms('first_token_latency_ms')} from the start)"
    )


def _write(terminalreporter: Any, table: Table) -> None:
    for line in aligned([[one_line(c) for c in row] for row in [table.headers, *table.rows]]):
        terminalreporter.write_line(line)
