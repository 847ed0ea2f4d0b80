"""The terminal summary of benchmarks: RTF per item, streaming latency, the harness floor."""

from __future__ import annotations

from typing import Any

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


def _write(terminalreporter: Any, table: Table) -> None:
    lines = [table.headers, *table.rows]
    widths = [max(len(row[i]) for row in lines) for i in range(len(table.headers))]
    for row in lines:
        terminalreporter.write_line("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
