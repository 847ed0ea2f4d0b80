"""The tables every rendering shows, built once from report data (plain strings)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    note: str = ""


def fmt(value: Any, digits: int = 4) -> str:
    """Numbers to `digits` significant figures; None to an en dash."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}g}"
    return str(value)


def benchmarks(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (pack, b)
        for pack, found in sorted(data.get("packs", {}).items())
        for b in found.get("benchmarks", [])
        if "stats_s" in b
    ]


def benchmark_tables(data: dict[str, Any]) -> list[Table]:
    """One table per surface, sorted by RTF (fastest first)."""
    by_surface: dict[str, list[dict[str, Any]]] = {}
    for _, bench in benchmarks(data):
        by_surface.setdefault(bench["surface"], []).append(bench)
    tables = []
    for surface, rows in sorted(by_surface.items()):
        table = Table(
            f"Benchmarks: {surface}",
            [
                "pack",
                "input",
                "audio s",
                "median s",
                "p90 s",
                "p99 s",
                "rounds",
                "RTF",
                "RTFx",
                "peak RSS MB",
                "quality",
            ],
        )
        for b in sorted(rows, key=_rtf_key):
            stats = b["stats_s"]
            table.rows.append(
                [
                    _pack_label(b),
                    b["input"],
                    fmt(b["audio_seconds"]),
                    fmt(stats.get("median")),
                    fmt(stats.get("p90")),
                    fmt(stats.get("p99")),
                    str(len(b.get("rounds_s", []))),
                    fmt(b.get("rtf")),
                    fmt(b.get("rtfx")),
                    fmt(b.get("peak_rss_mb")),
                    quality_text(b.get("quality") or {}),
                ]
            )
        tables.append(table)
    return tables


def streaming_table(data: dict[str, Any]) -> Table | None:
    rows = [b for _, b in benchmarks(data) if b.get("streaming")]
    if not rows:
        return None
    floors = data.get("harness_floor", {})
    note = "; ".join(
        f"harness floor at {k} ms chunks: {fmt(f['per_chunk_us'])} us per chunk "
        f"(push p50 {fmt(f['push_latency_us'].get('p50'))} us), measured on a "
        "model that does nothing"
        for k, f in sorted(floors.items())
    )
    table = Table(
        "Streaming latency (asr_stream)",
        [
            "pack",
            "input",
            "mode",
            "chunk ms",
            "first token ms",
            "finalize ms",
            "partials/s",
            "RTF",
            "push p50 us",
            "p90 us",
            "p95 us",
            "p99 us",
            "churn",
            "floor us/chunk",
        ],
        note=note,
    )
    for b in sorted(rows, key=_rtf_key):
        stream = b["streaming"]
        for mode in ("unpaced", "paced"):
            s = stream.get(mode) or {}
            push = s.get("push_latency_us", {})
            table.rows.append(
                [
                    _pack_label(b),
                    b["input"],
                    mode,
                    fmt(s.get("chunk_ms")),
                    fmt(s.get("first_token_latency_ms")),
                    fmt(s.get("finalize_latency_ms")),
                    fmt(s.get("partial_update_rate_hz")),
                    fmt(s.get("rtf")),
                    fmt(push.get("p50")),
                    fmt(push.get("p90")),
                    fmt(push.get("p95")),
                    fmt(push.get("p99")),
                    fmt(s.get("partial_churn")),
                    fmt(stream.get("harness_floor", {}).get("per_chunk_us")),
                ]
            )
    return table


def emission_table(data: dict[str, Any]) -> Table | None:
    """Paced asr_stream runs timed against word timings (metrics/emission.py), one row each."""
    rows = [b for _, b in benchmarks(data) if "emission_reference_words" in _paced(b)]
    if not rows:
        return None
    table = Table(
        "Emission latency (asr_stream, paced, against the words' ends in the audio)",
        [
            "pack",
            "input",
            "chunk ms",
            "words timed",
            "final p50 ms",
            "p90 ms",
            "p99 ms",
            "mean ms",
            "first partial p50 ms",
            "p90 ms",
            "unfinalised",
            "premature",
            "first token from onset ms",
            "from start ms",
        ],
        note="a word's latency is when the stream emitted it minus when it ended in the audio; "
        "premature: emitted before any of its audio had been pushed",
    )
    for b in sorted(rows, key=lambda b: (str(b["pack"]), str(b["input"]))):
        s = _paced(b)
        table.rows.append(
            [
                _pack_label(b),
                b["input"],
                fmt(s.get("chunk_ms")),
                f"{fmt(s.get('emission_words_timed'))}/{fmt(s.get('emission_reference_words'))}",
                fmt(s.get("emission_latency_p50_ms")),
                fmt(s.get("emission_latency_p90_ms")),
                fmt(s.get("emission_latency_p99_ms")),
                fmt(s.get("emission_latency_mean_ms")),
                fmt(s.get("partial_latency_p50_ms")),
                fmt(s.get("partial_latency_p90_ms")),
                fmt(s.get("emission_unfinalised_share")),
                fmt(s.get("emission_premature_words")),
                fmt(s.get("first_token_from_onset_ms")),
                fmt(s.get("first_token_latency_ms")),
            ]
        )
    return table


def _paced(record: dict[str, Any]) -> dict[str, Any]:
    found = (record.get("streaming") or {}).get("paced") or {}
    return found if isinstance(found, dict) else {}


def environments_table(data: dict[str, Any]) -> Table | None:
    """A merged report's inputs: one row per tox environment, with what it ran on."""
    envs = data.get("environments")
    if not envs:
        return None
    table = Table("Environments", ["environment", "status", "created", "git", "machine", "packages"])
    for env in envs:
        run = env.get("run") or {}
        packages = ", ".join(
            f"{name} {version}"
            for name, version in sorted((run.get("packages") or {}).items())
            if name not in _HARNESS_PACKAGES
        )
        table.rows.append(
            [
                str(env["environment"]),
                str(env.get("status")),
                str(env.get("created")),
                str(run.get("git_commit") or "unknown")[:10],
                str(env.get("fingerprint") or run.get("device") or "unknown"),
                packages or "–",
            ]
        )
    return table


_HARNESS_PACKAGES = frozenset({"pytest-audiocontract", "hypothesis", "pytest", "pytest-benchmark"})


def claims_table(data: dict[str, Any]) -> Table | None:
    rows = [
        (pack, c)
        for pack, found in sorted(data.get("packs", {}).items())
        for c in found.get("claims", [])
        if "metric" in c
    ]
    if not rows:
        return None
    merged = "environments" in data
    table = Table(
        "Claims",
        [
            "pack",
            "surface",
            "metric",
            "measured",
            "claimed",
            "on",
            "result",
            *(["environment"] if merged else []),
        ],
    )
    for _, c in sorted(rows, key=lambda x: (x[1]["surface"], x[1]["metric"], x[0])):
        sign = "<=" if c["bound"] == "max" else ">="
        table.rows.append(
            [
                _pack_label(c),
                c["surface"],
                c["metric"],
                fmt(c["measured"]),
                f"{sign} {c['claimed']:g}",
                c.get("dataset") or "synthetic",
                c["outcome"],
                *([fmt(c.get("environment"))] if merged else []),
            ]
        )
    return table


def contracts_table(data: dict[str, Any]) -> Table | None:
    """One row per pack; in a merged report, one per pack and environment it ran in."""
    packs = data.get("packs", {})
    if not any(p.get("contracts") or p.get("docs") for p in packs.values()):
        return None
    merged = "environments" in data
    table = Table(
        "Contracts",
        ["pack", *(["environment"] if merged else []), "passed", "failed", "skipped", "failing rules"],
    )
    for pack, found in sorted(packs.items()):
        by_env: dict[str, list[dict[str, Any]]] = {}
        for item in found.get("contracts", []) + found.get("docs", []):
            by_env.setdefault(str(item.get("environment", "")), []).append(item)
        for env, items in sorted(by_env.items()):
            counts = Counter(str(i["outcome"]) for i in items)
            failing = ", ".join(i["name"] for i in items if i["outcome"] == "failed")
            table.rows.append(
                [
                    pack,
                    *([env] if merged else []),
                    str(counts["passed"]),
                    str(counts["failed"]),
                    str(counts["skipped"]),
                    failing or "–",
                ]
            )
    return table


def all_tables(data: dict[str, Any]) -> list[Table]:
    found = [environments_table(data), contracts_table(data), claims_table(data)]
    for machine, view in per_machine(data):
        timing = [*benchmark_tables(view), streaming_table(view), emission_table(view)]
        for table in (t for t in timing if t is not None):
            if machine is not None:  # a merged report from several machines: one ranking each
                table.title += f", on {machine}"
                table.note = "; ".join(filter(None, [str(data["timing_note"]), table.note]))
            found.append(table)
    found += [Table(**s) for s in data.get("sections") or []]  # added by plugins (hookspecs.py)
    return [t for t in found if t is not None]


def per_machine(data: dict[str, Any]) -> list[tuple[str | None, dict[str, Any]]]:
    """The report as one view, or (a merged report with timings from several machine
    fingerprints) one view per machine holding only that machine's benchmarks."""
    if "timing_note" not in data:
        return [(None, data)]
    machines = sorted(
        {str(b.get("fingerprint")) for p in data.get("packs", {}).values() for b in p.get("benchmarks", [])}
    )
    return [
        (
            machine,
            {
                **data,
                "packs": {
                    pack_id: {
                        **found,
                        "benchmarks": [
                            b for b in found.get("benchmarks", []) if str(b.get("fingerprint")) == machine
                        ],
                    }
                    for pack_id, found in data.get("packs", {}).items()
                },
            },
        )
        for machine in machines
    ]


def quality_text(quality: dict[str, Any]) -> str:
    parts = [
        f"{k}={fmt(v)}"
        for k, v in sorted(quality.items())
        if isinstance(v, float) and not k.endswith("_error")
    ]
    parts += [f"{k}: {v}" for k, v in sorted(quality.items()) if k.endswith("_error")]
    if "normaliser" in quality:
        parts.append(f"normaliser {quality['normaliser']}")
    return ", ".join(parts) or "–"


def _pack_label(record: dict[str, Any]) -> str:
    variant, device = record.get("variant"), record.get("device")
    label = str(record["pack"])
    if variant and variant != "default":
        label += f"/{variant}"
    if device and device != "cpu":
        label += f"@{device}"
    return label


def _rtf_key(record: dict[str, Any]) -> tuple[float, str]:
    rtf = record.get("rtf")
    return (rtf if isinstance(rtf, float) else float("inf"), str(record["pack"]))
