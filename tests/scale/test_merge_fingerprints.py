"""`audiocontract merge` keeps each input's machine fingerprint and never ranks timings across them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pytest_audiocontract.cli import main
from pytest_audiocontract.render.markdown import render_markdown
from pytest_audiocontract.results.compare import Options
from pytest_audiocontract.results.merge import merge_reports

FAST, SLOW = "cpu: Fast CPU x64", "cpu: Slow CPU x2"


def _bench(pack: str, rtf: float) -> dict[str, Any]:
    return {
        "kind": "benchmark",
        "nodeid": f"bench::asr[{pack}/speech]",
        "pack": pack,
        "surface": "asr",
        "input": "speech",
        "audio_seconds": 10.0,
        "stats_s": {"median": rtf * 10, "p90": rtf * 10, "p99": rtf * 10},
        "rounds_s": [rtf * 10] * 3,
        "rtf": rtf,
        "outcome": "passed",
    }


def _report(machine: str, packs: dict[str, Any]) -> dict[str, Any]:
    return {
        "schema": "pytest-audiocontract/report",
        "schema_version": 1,
        "status": "complete",
        "run": {"device": machine, "python": "3.11"},
        "packs": packs,
    }


def _shards() -> list[tuple[str, dict[str, Any]]]:
    claim = {
        "nodeid": "c",
        "pack": "a",
        "outcome": "passed",
        "metric": "wer",
        "surface": "asr",
        "measured": 0.1,
        "claimed": 0.2,
        "bound": "max",
    }
    return [
        ("shard1", _report(FAST, {"a": {"benchmarks": [_bench("a", 0.01)], "claims": [claim]}})),
        (
            "shard2",
            _report(
                SLOW,
                {"b": {"benchmarks": [_bench("b", 0.5)], "claims": [{**claim, "nodeid": "d", "pack": "b"}]}},
            ),
        ),
    ]


def test_each_input_and_entry_keeps_its_machine_fingerprint() -> None:
    merged = merge_reports(_shards())
    assert [e["fingerprint"] for e in merged["environments"]] == [FAST, SLOW]
    assert merged["packs"]["a"]["benchmarks"][0]["fingerprint"] == FAST
    assert merged["packs"]["b"]["claims"][0]["fingerprint"] == SLOW
    assert "2 machine fingerprints" in merged["timing_note"]


def test_timings_of_different_machines_are_never_ranked_in_one_table() -> None:
    markdown = render_markdown(merge_reports(_shards()))
    fast = markdown.split(f"## Benchmarks: asr, on {FAST}", 1)[1].split("## ", 1)[0]
    slow = markdown.split(f"## Benchmarks: asr, on {SLOW}", 1)[1].split("## ", 1)[0]
    assert "| a |" in fast and "| b |" not in fast
    assert "| b |" in slow and "| a |" not in slow
    assert "never several side by side" in fast
    # quality figures still merge: one claims table holding both packs
    claims = markdown.split("## Claims", 1)[1].split("## ", 1)[0]
    assert "| a |" in claims and "| b |" in claims
    assert f"| {FAST} |" in markdown.split("## Environments", 1)[1]


def test_one_machine_keeps_one_ranking() -> None:
    one = [(env, {**r, "run": {"device": FAST}}) for env, r in _shards()]
    merged = merge_reports(one)
    assert "timing_note" not in merged
    markdown = render_markdown(merged)
    assert "## Benchmarks: asr\n" in markdown and ", on " not in markdown


def test_merge_command_says_it_split_the_timings(tmp_path: Path, capsys: Any) -> None:
    for env, report in _shards():
        (tmp_path / env).mkdir()
        (tmp_path / env / "report.json").write_text(json.dumps(report))
    assert main(["merge", str(tmp_path / "all"), str(tmp_path / "shard1"), str(tmp_path / "shard2")]) == 0
    out = capsys.readouterr().out
    assert "timing figures come from 2 machine fingerprints" in out
    assert f"on {SLOW}" in (tmp_path / "all" / "report.html").read_text()


def test_compare_does_not_judge_a_timing_that_moved_to_another_machine(tmp_path: Path) -> None:
    from pytest_audiocontract.render.compare_text import run_compare
    from pytest_audiocontract.results.compare import DIFFERENT_MACHINES

    old = merge_reports(_shards())
    swapped = [
        (env, {**report, "run": {"device": machine}})
        for (env, report), machine in zip(_shards(), (SLOW, FAST), strict=True)
    ]
    new = merge_reports(swapped)  # the shards' packs moved: a now on SLOW, b on FAST
    for name, report in (("old", old), ("new", new)):
        (tmp_path / f"{name}.json").write_text(json.dumps(report))
    code, text = run_compare([tmp_path / "old.json"], [tmp_path / "new.json"], Options())
    assert code == 0, text
    rows = {tuple(line.split()[:3]): line for line in text.splitlines() if line.startswith(("a ", "b "))}
    assert DIFFERENT_MACHINES in rows[("a", "asr/speech", "rtf")]
    assert DIFFERENT_MACHINES in rows[("b", "asr/speech", "time_s")]
    assert "same" in rows[("a", "claim", "asr/synthetic")]  # quality figures still compare
