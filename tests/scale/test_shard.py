"""--shard K/N: the shards together run every selected item once, and a pack stays whole."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pytest_audiocontract.results.merge import merge_reports
from pytest_audiocontract.results.report import contract_key, load_report
from pytest_audiocontract.scale.shard import Shard, assign, group_weights, parse_shard

MODEL_PACKS = Path(__file__).resolve().parents[2] / "model_packs"
# The numpy reference packs, two examples a rule: every surface, a few seconds a run.
REFERENCE = (
    "--model-pack",
    "all",
    "--runtime",
    "numpy",
    f"--pack-path={MODEL_PACKS}",
    "--contract-examples",
    "2",
)


def test_parse_shard_reads_k_of_n() -> None:
    assert parse_shard("2/3") == Shard(2, 3)
    assert str(parse_shard("1/1")) == "1/1"


@pytest.mark.parametrize("value", ["0/3", "4/3", "3", "a/b", "1/0", "-1/2", "1/3/4"])
def test_parse_shard_refuses_what_is_not_k_of_n(value: str) -> None:
    with pytest.raises(pytest.UsageError, match=r"--shard=.*should be K/N"):
        parse_shard(value)


def test_assign_puts_the_largest_first_into_the_lightest_shard() -> None:
    weights = {"pack:a": 10.0, "pack:b": 6.0, "pack:c": 5.0, "pack:d": 1.0}
    placed = assign(weights, 2)
    assert placed == {"pack:a": 1, "pack:b": 2, "pack:c": 2, "pack:d": 1}
    assert assign(dict(reversed(weights.items())), 2) == placed  # input order does not matter


def test_group_weights_count_packs_without_durations_and_median_for_unknown_ones() -> None:
    assert group_weights(["pack:a", "pack:b", "pack:a"], None) == {"pack:a": 1.0, "pack:b": 1.0}
    weights = group_weights(
        ["pack:a", "pack:b", "pack:c", "pack:new"], {"pack:a": 1, "pack:b": 3, "pack:c": 8}
    )
    assert weights == {"pack:a": 1, "pack:b": 3, "pack:c": 8, "pack:new": 3}


def _collected(pytester: pytest.Pytester, *args: str) -> list[str]:
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--collect-only", "-q", *REFERENCE, *args
    )
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    return [line for line in result.outlines if "::" in line]


def _pack(nodeid: str) -> str:
    key = contract_key(nodeid)  # packs outside rootdir: the id is in the label, not the path
    assert key is not None, nodeid
    return key[0]


def test_three_shards_partition_the_unsharded_items_by_pack(pytester: pytest.Pytester) -> None:
    everything = _collected(pytester)
    shards = [_collected(pytester, "--shard", f"{k}/3") for k in (1, 2, 3)]
    assert all(shards), [len(s) for s in shards]
    assert sorted(i for s in shards for i in s) == sorted(everything)  # union, and none twice
    packs = [{_pack(i) for i in s} for s in shards]
    assert sum(len(p) for p in packs) == len(set().union(*packs))  # no pack in two shards
    assert _collected(pytester, "--shard", "2/3") == shards[1]  # deterministic


def test_durations_of_an_earlier_report_balance_the_shards(pytester: pytest.Pytester) -> None:
    everything = _collected(pytester)
    packs = sorted({_pack(i) for i in everything})
    slow = packs[0]
    report = {
        "schema": "pytest-audiocontract/report",
        "schema_version": 1,
        "packs": {
            p: {"contracts": [{"nodeid": p, "duration_s": 100.0 if p == slow else 1.0}]} for p in packs
        },
    }
    path = pytester.path / "earlier.json"
    path.write_text(json.dumps(report))
    shards = [_collected(pytester, "--shard", f"{k}/3", f"--shard-durations={path}") for k in (1, 2, 3)]
    alone = [s for s in shards if slow in {_pack(i) for i in s}]
    assert len(alone) == 1 and {_pack(i) for i in alone[0]} == {slow}  # 100 s weighs more than the rest
    assert sorted(i for s in shards for i in s) == sorted(everything)


def test_a_bad_shard_is_a_usage_error(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", *REFERENCE, "--shard", "4/3")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--shard=4/3, but should be K/N*"])
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", *REFERENCE, "--shard", "1/2", "--shard-durations=nope.json"
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--shard-durations=nope.json: cannot be read*"])


def _outcomes(report: dict[str, Any]) -> dict[str, str]:
    found = {}
    for pack in report["packs"].values():
        for section in ("contracts", "claims", "docs", "benchmarks"):
            for entry in pack.get(section, []):
                found[f"{entry['nodeid']} {entry.get('metric', '')}"] = entry["outcome"]
    return found


def test_merged_shard_reports_equal_the_unsharded_run(pytester: pytest.Pytester) -> None:
    def run(name: str, *args: str) -> dict[str, Any]:
        out = pytester.path / "reports" / name
        result = pytester.runpytest_subprocess(
            "-p", "no:cacheprovider", *REFERENCE, f"--audiocontract-report={out}",
            f"--audiocontract-failures={pytester.path / 'failures'}", *args,
        )  # fmt: skip
        assert result.ret == pytest.ExitCode.OK, result.stdout.str()
        return load_report(out / "report.json")

    whole = run("whole")
    shards = [run(f"shard{k}", "--shard", f"{k}/3") for k in (1, 2, 3)]
    assert [s["run"]["shard"] for s in shards] == ["1/3", "2/3", "3/3"]
    merged = merge_reports([(f"shard{k}", s) for k, s in enumerate(shards, 1)])
    assert _outcomes(whole) and _outcomes(merged) == _outcomes(whole)
