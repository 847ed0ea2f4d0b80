"""The tables every rendering shows, built once from report data (plain strings).

Numbers are in fixed point (never 1.2e-06), every header carries its unit, time columns are
shown in the unit that fits their values (s, ms, µs), and every row names the input its
figures were measured on (labels.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pytest_audiocontract.json_fields import items, number, numbers, obj, objs, text
from pytest_audiocontract.json_types import JSON, JSONObject
from pytest_audiocontract.render.board_claims import claim_kind
from pytest_audiocontract.render.labels import bench_input, claim_input, claim_metric, claim_values
from pytest_audiocontract.render.metric_display import display
from pytest_audiocontract.render.numbers import fixed, time_unit


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    note: str = ""


def fmt(value: JSON, digits: int = 3) -> str:
    """Numbers in fixed point to about `digits` significant figures; None to an en dash."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return fixed(value, digits)
    return str(value)


def count(value: JSON) -> str:
    """A count (words, items) as a whole number, whatever type the record stored it in."""
    found = number(value)
    return "–" if found is None else str(round(found))


def time_columns(seconds: Sequence[float]) -> tuple[str, Callable[[JSON], str]]:
    """The unit for a column of times in seconds, and the cell formatter in that unit."""
    unit, size = time_unit(seconds)

    def cell(value: JSON) -> str:
        found = number(value)
        return "–" if found is None else fixed(found / size)

    return unit, cell


def benchmarks(data: JSONObject) -> list[tuple[str, JSONObject]]:
    return [
        (pack, b)
        for pack, found in sorted(obj(data.get("packs")).items())
        for b in objs(obj(found).get("benchmarks"))
        if "stats_s" in b
    ]


def benchmark_tables(data: JSONObject) -> list[Table]:
    """One table per surface, sorted by RTF (fastest first)."""
    by_surface: dict[str, list[JSONObject]] = {}
    for _, bench in benchmarks(data):
        by_surface.setdefault(text(bench.get("surface")), []).append(bench)
    tables = []
    for surface, rows in sorted(by_surface.items()):
        unit, when = time_columns([v for b in rows for v in numbers(list(obj(b["stats_s"]).values()))])
        table = Table(
            f"Benchmarks: {surface}",
            [
                "pack",
                "measured on (benchmark input)",
                "audio s",
                f"median {unit}",
                f"p90 {unit}",
                f"p99 {unit}",
                "rounds",
                "RTF (median round)",
                "RTFx",
                "peak RSS MB",
                "quality",
            ],
            note="each row times one input over its rounds; a claim's RTF (Claims) is measured "
            "on the claim's own inputs",
        )
        for b in sorted(rows, key=_rtf_key):
            stats = obj(b["stats_s"])
            table.rows.append(
                [
                    pack_label(b),
                    bench_input(b),
                    fmt(b.get("audio_seconds")),
                    when(stats.get("median")),
                    when(stats.get("p90")),
                    when(stats.get("p99")),
                    str(len(numbers(b.get("rounds_s")))),
                    fmt(b.get("rtf")),
                    fmt(b.get("rtfx")),
                    fmt(b.get("peak_rss_mb")),
                    quality_text(obj(b.get("quality"))),
                ]
            )
        tables.append(table)
    return tables


def streaming_table(data: JSONObject) -> Table | None:
    rows = [b for _, b in benchmarks(data) if b.get("streaming")]
    if not rows:
        return None
    floors = {key: obj(f) for key, f in obj(data.get("harness_floor")).items()}
    note = "; ".join(
        f"harness floor at {k} ms chunks: {fmt(f.get('per_chunk_us'))} µs per chunk "
        f"(push p50 {fmt(obj(f.get('push_latency_us')).get('p50'))} µs), measured on a "
        "model that does nothing"
        for k, f in sorted(floors.items())
    )
    table = Table(
        "Streaming latency (asr_stream)",
        [
            "pack",
            "measured on (benchmark input)",
            "mode",
            "chunk ms",
            "first token ms",
            "finalize ms",
            "partials/s",
            "RTF (this mode)",
            "push p50 µs",
            "p90 µs",
            "p95 µs",
            "p99 µs",
            "churn",
            "floor µs/chunk",
        ],
        note=note,
    )
    for b in sorted(rows, key=_rtf_key):
        stream = obj(b["streaming"])
        for mode in ("unpaced", "paced"):
            s = obj(stream.get(mode))
            push = obj(s.get("push_latency_us"))
            table.rows.append(
                [
                    pack_label(b),
                    bench_input(b),
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
                    fmt(obj(stream.get("harness_floor")).get("per_chunk_us")),
                ]
            )
    return table


def emission_table(data: JSONObject) -> Table | None:
    """Paced asr_stream runs timed against word timings (metrics/emission.py), one row each."""
    rows = [b for _, b in benchmarks(data) if "emission_reference_words" in paced(b)]
    if not rows:
        return None
    table = Table(
        "Emission latency (asr_stream, paced, against the words' ends in the audio)",
        [
            "pack",
            "measured on (benchmark input)",
            "chunk ms",
            "words timed",
            "final p50 ms",
            "p90 ms",
            "p99 ms",
            "mean ms",
            "first partial p50 ms",
            "p90 ms",
            "unfinalised share",
            "premature words",
            "first token from onset ms",
            "from start ms",
        ],
        note="a word's latency is when the stream emitted it minus when it ended in the audio; "
        "premature: emitted before any of its audio had been pushed",
    )
    for b in sorted(rows, key=lambda b: (text(b.get("pack")), text(b.get("input")))):
        s = paced(b)
        table.rows.append(
            [
                pack_label(b),
                bench_input(b),
                fmt(s.get("chunk_ms")),
                f"{count(s.get('emission_words_timed'))}/{count(s.get('emission_reference_words'))}",
                fmt(s.get("emission_latency_p50_ms")),
                fmt(s.get("emission_latency_p90_ms")),
                fmt(s.get("emission_latency_p99_ms")),
                fmt(s.get("emission_latency_mean_ms")),
                fmt(s.get("partial_latency_p50_ms")),
                fmt(s.get("partial_latency_p90_ms")),
                fmt(s.get("emission_unfinalised_share")),
                count(s.get("emission_premature_words")),
                fmt(s.get("first_token_from_onset_ms")),
                fmt(s.get("first_token_latency_ms")),
            ]
        )
    return table


def paced(record: JSONObject) -> JSONObject:
    """A streaming benchmark's paced pass ({} where it has none)."""
    return obj(obj(record.get("streaming")).get("paced"))


def environments_table(data: JSONObject) -> Table | None:
    """A merged report's inputs: one row per tox environment, with what it ran on."""
    envs = objs(data.get("environments"))
    if not envs:
        return None
    table = Table("Environments", ["environment", "status", "created", "git", "machine", "packages"])
    for env in envs:
        run = obj(env.get("run"))
        packages = ", ".join(
            f"{name} {version}"
            for name, version in sorted(obj(run.get("packages")).items())
            if name not in _HARNESS_PACKAGES
        )
        table.rows.append(
            [
                text(env.get("environment")),
                str(env.get("status")),
                str(env.get("created")),
                str(run.get("git_commit") or "unknown")[:10],
                str(env.get("fingerprint") or run.get("device") or "unknown"),
                packages or "–",
            ]
        )
    return table


_HARNESS_PACKAGES = frozenset({"pytest-audiocontract", "hypothesis", "pytest", "pytest-benchmark"})


def claims_table(data: JSONObject) -> Table | None:
    rows = [
        c
        for _, found in sorted(obj(data.get("packs")).items())
        for c in objs(obj(found).get("claims"))
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
            "measured on (claim inputs)",
            "result",
            *(["environment"] if merged else []),
        ],
        note="measured and claimed in the metric's unit (error rates in %)",
    )
    for c in sorted(rows, key=lambda c: (text(c.get("surface")), text(c.get("metric")), pack_label(c))):
        measured, claimed = claim_values(c)
        table.rows.append(
            [
                pack_label(c),
                text(c.get("surface")),
                claim_metric(c),
                measured,
                claimed,
                claim_input(c),
                text(c.get("outcome")),
                *([fmt(c.get("environment"))] if merged else []),
            ]
        )
    return table


def contracts_table(data: JSONObject) -> Table | None:
    """One row per pack; in a merged report, one per pack and environment it ran in."""
    packs = {pack: obj(found) for pack, found in obj(data.get("packs")).items()}
    if not any(p.get("contracts") or p.get("docs") for p in packs.values()):
        return None
    merged = "environments" in data
    table = Table(
        "Contracts",
        ["pack", *(["environment"] if merged else []), "passed", "failed", "skipped", "failing rules"],
    )
    for pack, found in sorted(packs.items()):
        by_env: dict[str, list[JSONObject]] = {}
        for item in objs(found.get("contracts")) + objs(found.get("docs")):
            by_env.setdefault(text(item.get("environment")), []).append(item)
        for env, ran in sorted(by_env.items()):
            counts = Counter(text(i.get("outcome")) for i in ran)
            failing = ", ".join(text(i.get("name")) for i in ran if i.get("outcome") == "failed")
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


def all_tables(data: JSONObject) -> list[Table]:
    found = [environments_table(data), contracts_table(data), claims_table(data)]
    for machine, view in per_machine(data):
        timing = [*benchmark_tables(view), streaming_table(view), emission_table(view)]
        for table in (t for t in timing if t is not None):
            if machine is not None:  # a merged report from several machines: one ranking each
                table.title += f", on {machine}"
                table.note = "; ".join(filter(None, [text(data.get("timing_note")), table.note]))
            found.append(table)
    found += plugin_sections(data)
    return [t for t in found if t is not None]


def plugin_sections(data: JSONObject) -> list[Table]:
    """The tables plugins added (hookspecs.pytest_audiocontract_report_section)."""
    return [
        Table(
            text(s.get("title")),
            [text(h) for h in items(s.get("headers"))],
            [[text(c) for c in items(row)] for row in items(s.get("rows"))],
            text(s.get("note")),
        )
        for s in objs(data.get("sections"))
    ]


def per_machine(data: JSONObject) -> list[tuple[str | None, JSONObject]]:
    """The report as one view, or (a merged report with timings from several machine
    fingerprints) one view per machine holding only that machine's benchmarks and timed
    (rtf, cpu_rtf) claims; other claims are in every view."""
    if "timing_note" not in data:
        return [(None, data)]
    packs = {pack: obj(found) for pack, found in obj(data.get("packs")).items()}
    machines = sorted({str(b.get("fingerprint")) for p in packs.values() for b in objs(p.get("benchmarks"))})
    views: list[tuple[str | None, JSONObject]] = []
    for machine in machines:
        kept: JSONObject = {
            pack_id: {
                **found,
                "benchmarks": [
                    b for b in objs(found.get("benchmarks")) if str(b.get("fingerprint")) == machine
                ],
                "claims": [
                    c
                    for c in objs(found.get("claims"))
                    if claim_kind(text(c.get("metric"))) != "speed" or str(c.get("fingerprint")) == machine
                ],
            }
            for pack_id, found in packs.items()
        }
        views.append((machine, {**data, "packs": kept}))
    return views


def quality_text(quality: JSONObject) -> str:
    """The quality figures with their units ("WER 12.3 %, CER 4.10 %"), then any errors."""
    parts = []
    for key, value in sorted(quality.items()):
        found = number(value)
        if found is not None and not key.endswith("_error"):
            shown = display(key)
            parts.append(
                f"{shown.label} {fixed(found * shown.scale)}" + (f" {shown.unit}" if shown.unit else "")
            )
    parts += [f"{k}: {v}" for k, v in sorted(quality.items()) if k.endswith("_error")]
    if "normaliser" in quality:
        parts.append(f"normaliser {quality['normaliser']}")
    return ", ".join(parts) or "–"


def pack_label(record: JSONObject) -> str:
    """pack[/variant][@device], the way every table names a pack."""
    variant, device = record.get("variant"), record.get("device")
    label = text(record.get("pack"))
    if variant and variant != "default":
        label += f"/{variant}"
    if device and device != "cpu":
        label += f"@{device}"
    return label


def _rtf_key(record: JSONObject) -> tuple[float, str]:
    rtf = number(record.get("rtf"))
    return (float("inf") if rtf is None else rtf, text(record.get("pack")))
