"""The audiocontract tables (terminal, report.md, report.html's detail tables) read as a
person reads them: fixed point (never 1.2e-06), a unit in every timing header, and each
figure next to the input it was measured on, so a benchmark's RTF and a claim's RTF are never
taken for one figure. Checked on rendered output against the report data it came from."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from run_pytest import run_pytest

from pytest_audiocontract.render.markdown import render_markdown
from pytest_audiocontract.render.numbers import TIME_UNITS, fixed
from pytest_audiocontract.render.tables import Table, all_tables, benchmarks

ROOT = Path(__file__).resolve().parents[2]
DATA = json.loads((Path(__file__).parent / "data" / "synthetic_report.json").read_text())
SCIENTIFIC = re.compile(r"\d[eE][-+]?\d")
BENCH_INPUT = "measured on (benchmark input)"
CLAIM_INPUT = "measured on (claim inputs)"


def _column(table: Table, header: str) -> list[str]:
    index = table.headers.index(header)
    return [row[index] for row in table.rows]


def test_no_scientific_notation_in_any_table_or_report_md() -> None:
    tables = all_tables(DATA)
    assert tables
    for table in tables:
        for text in [table.title, table.note, *table.headers, *(c for row in table.rows for c in row)]:
            assert not SCIENTIFIC.search(text), f"{text!r} in table {table.title!r}"
    markdown = render_markdown(DATA)
    assert not SCIENTIFIC.search(markdown), SCIENTIFIC.findall(markdown)


def test_time_columns_carry_their_unit_and_the_value_in_it() -> None:
    units = dict(TIME_UNITS)
    tables = [t for t in all_tables(DATA) if t.title.startswith("Benchmarks: ")]
    assert tables
    for table in tables:
        [median] = [h for h in table.headers if h.startswith("median ")]
        unit = median.removeprefix("median ")
        assert unit in units, table.headers
        assert f"p90 {unit}" in table.headers and f"p99 {unit}" in table.headers
        surface = table.title.removeprefix("Benchmarks: ")
        records = sorted(
            (b for _, b in benchmarks(DATA) if b["surface"] == surface),
            key=lambda b: (b.get("rtf", float("inf")), b["pack"]),
        )
        shown = _column(table, median)
        assert shown == [fixed(b["stats_s"]["median"] / units[unit]) for b in records]


def test_each_benchmark_row_names_its_input_and_audio_length() -> None:
    timing = [t for t in all_tables(DATA) if BENCH_INPUT in t.headers]
    assert {t.title.split(" ")[0] for t in timing} >= {"Benchmarks:", "Streaming"}
    inputs = {b["input"]: b["audio_seconds"] for _, b in benchmarks(DATA)}
    for table in timing:
        for cell in _column(table, BENCH_INPUT):
            name = cell.split(" ")[0]
            assert name in inputs, cell
            if name.startswith("burst"):
                assert f"{inputs[name]:g} s synthetic burst" in cell
        assert any(h.startswith("RTF (") for h in table.headers)


def test_claims_show_units_and_their_own_inputs() -> None:
    [table] = [t for t in all_tables(DATA) if t.title == "Claims"]
    claims = sorted(
        (c for p in DATA["packs"].values() for c in p.get("claims", []) if "metric" in c),
        key=lambda c: (c["surface"], c["metric"], c["pack"]),
    )
    assert len(table.rows) == len(claims)
    wer_rows = 0
    for row, claim in zip(table.rows, claims, strict=True):
        measured = row[table.headers.index("measured")]
        where = row[table.headers.index(CLAIM_INPUT)]
        expected_where = (claim.get("details") or {}).get("inputs") or (
            f"dataset {claim['dataset']}" if claim.get("dataset") else "synthetic"
        )
        assert where == expected_where
        if claim["metric"] == "wer" and isinstance(claim.get("measured"), float):
            wer_rows += 1
            assert measured == f"{fixed(claim['measured'] * 100)} %"
            assert row[table.headers.index("claimed")].endswith(" %")
    assert wer_rows


@pytest.fixture(scope="module")
def reference_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    out = tmp_path_factory.mktemp("run")
    done = run_pytest(
        f"--model-pack={ROOT / 'model_packs' / 'reference_asr'}",
        "--audiocontract-bench",
        "--benchmark-min-rounds=3",
        f"--audiocontract-report={out}",
        "-q",
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout, json.loads((out / "report.json").read_text())


def _section(stdout: str, title: str) -> list[str]:
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if f" {title} " in line and line.startswith("="))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith(("=", "-"))), len(lines))
    return lines[start + 1 : end]


def test_terminal_labels_each_rtf_with_the_input_it_measured(
    reference_run: tuple[str, dict[str, Any]],
) -> None:
    stdout, data = reference_run
    claims, benches = _section(stdout, "audiocontract claims"), _section(stdout, "audiocontract benchmarks")
    for line in claims + benches:
        assert not SCIENTIFIC.search(line), line
    assert CLAIM_INPUT in claims[0] and BENCH_INPUT in benches[0] and "RTF (median round)" in benches[0]
    pack = data["packs"]["reference_asr"]
    [rtf_claim] = [c for c in pack["claims"] if c.get("metric") == "rtf"]
    [claim_line] = [line for line in claims if " rtf " in line]
    assert fixed(rtf_claim["measured"]) in claim_line and rtf_claim["details"]["inputs"] in claim_line
    for bench in pack["benchmarks"]:
        [line] = [line for line in benches if f" {bench['input']} (" in line]
        assert f"{bench['input']} ({bench['audio_seconds']:g} s synthetic burst)" in line
        assert f"  {fixed(bench['rtf'])}  " in line
    floor = [line for line in benches if line.startswith("harness floor")]
    assert all(" µs per chunk" in line for line in floor)
