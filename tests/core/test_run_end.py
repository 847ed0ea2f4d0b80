"""The end of a run in the terminal: skips by cause, what --ci-only left out, the report line,
and pytest-benchmark's table only when asked for."""

from __future__ import annotations

from pathlib import Path

import numpy  # noqa: F401  (imported once here: pytester's in-process runs cannot import it again)
import pytest

import pytest_audiocontract.types  # noqa: F401  (one Enhanced class for every in-process run)
from pytest_audiocontract.bench.table import asks_for_table
from tests.core.packkit import claims_yaml, write_pack

KEY = "AUDIOCONTRACT_TEST_ONLY_API_KEY"
NOT_INSTALLED = "not-a-distribution-anyone-installed==1.0"


@pytest.fixture
def packs(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> Path:
    """fine (runs), stackless and stackless_too (their requirement is not installed: the first
    on onnx, the second in a random-weight tox env) and keyed (needs KEY, unset)."""
    monkeypatch.delenv(KEY, raising=False)
    root = pytester.path / "model_packs"
    write_pack(root, "fine")
    write_pack(root, "stackless", runtime="onnx", requirements=NOT_INSTALLED + "\n")
    write_pack(
        root,
        "stackless_too",
        claims=claims_yaml("stackless_too", runtime="pytorch") + "environment: random-thing\n",
        requirements=NOT_INSTALLED + "\n",
    )
    write_pack(root, "keyed", claims=claims_yaml("keyed") + f"secrets: [{KEY}]\n")
    return root


def section(lines: list[str], title: str) -> list[str]:
    """The lines of the terminal section whose title starts with `title`."""
    start = next(i for i, line in enumerate(lines) if f" {title}" in line and line.startswith("-"))
    body = []
    for line in lines[start + 1 :]:
        if line.startswith(("-", "=")):
            break
        body.append(line)
    return body


def line_with(lines: list[str], *parts: str) -> str:
    found = [line for line in lines if all(p in line for p in parts)]
    assert len(found) == 1, (parts, lines)
    return found[0]


def test_skips_grouped_by_cause_with_the_command_and_the_report_line_last(
    pytester: pytest.Pytester, packs: Path
) -> None:
    result = pytester.runpytest(
        "-p",
        "no:cacheprovider",
        "--model-pack",
        "all",
        "--audiocontract-report",
        "out",
        "--contract-examples",
        "2",
    )
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    lines = result.outlines
    counts = result.parseoutcomes()
    body = section(lines, f"audiocontract: {counts['skipped']} skipped, by cause")
    # One line per (cause, command), each naming its packs; every skipped item is counted once.
    onnx = line_with(body, "onnx stack not installed", "stackless", "-> tox -e onnx")
    random = line_with(body, "random-weight stack not installed", "stackless_too", "-> tox -e random-thing")
    key = line_with(body, f"needs {KEY}", "keyed", f"-> export {KEY}=...")
    numbers = [int(line.split()[0]) for line in (onnx, random, key)]
    assert all(n > 0 for n in numbers) and sum(numbers) == counts["skipped"]
    assert "fine" not in "\n".join(body)
    # The very last line, after pytest's counts, names the report files.
    assert lines[-1] == "audiocontract report: out/report.html, report.json, report.md"
    assert "passed" in lines[-2]
    assert all(
        (pytester.path / "out" / name).is_file() for name in ("report.html", "report.json", "report.md")
    )


def test_no_report_line_without_a_report(pytester: pytest.Pytester, packs: Path) -> None:
    result = pytester.runpytest("-p", "no:cacheprovider", "--model-pack", "fine", "--contract-examples", "2")
    assert result.ret == pytest.ExitCode.OK
    assert "audiocontract report:" not in result.stdout.str()
    assert "skipped, by cause" not in result.stdout.str()


COLLECT = ("-p", "no:cacheprovider", "--model-pack", "all", "--collect-only", "-q")


def collected_packs(result: pytest.RunResult) -> set[str]:
    return {
        line.split("/")[1] for line in result.outlines if line.startswith("model_packs/") and "::" in line
    }


def test_ci_only_leaves_out_what_cannot_run_here_and_says_why(pytester: pytest.Pytester, packs: Path) -> None:
    result = pytester.runpytest(
        "-p", "no:cacheprovider", "--model-pack", "all", "--ci-only", "--collect-only", "-q"
    )
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    assert collected_packs(result) == {"fine"}
    body = section(result.outlines, "audiocontract: --ci-only left out 3 pack(s) that cannot run here")
    line_with(body, "onnx stack not installed", "stackless", "-> tox -e onnx")
    line_with(body, "random-weight stack not installed", "stackless_too", "-> tox -e random-thing")
    line_with(body, f"needs {KEY}", "keyed", f"-> export {KEY}=...")
    line_with(body, "--ci-marked")


def test_ci_only_runs_a_pack_once_its_secret_is_set(
    pytester: pytest.Pytester, packs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(KEY, "a-throw-away-value")
    result = pytester.runpytest(
        "-p", "no:cacheprovider", "--model-pack", "all", "--ci-only", "--collect-only", "-q"
    )
    assert collected_packs(result) == {"fine", "keyed"}
    assert "left out 2 pack(s)" in result.stdout.str()


def test_ci_marked_keeps_every_pack_marked_ci(pytester: pytest.Pytester, packs: Path) -> None:
    write_pack(packs, "unmarked", ci="false")
    result = pytester.runpytest(
        "-p", "no:cacheprovider", "--model-pack", "all", "--ci-marked", "--collect-only", "-q"
    )
    assert collected_packs(result) == {"fine", "stackless", "stackless_too", "keyed"}
    assert "left out" not in result.stdout.str()


BENCH_TABLE = "Name (time in"


def test_pytest_benchmarks_table_only_when_asked(pytester: pytest.Pytester, packs: Path) -> None:
    run = ["-p", "no:cacheprovider", "--model-pack", "fine", "--benchmark-only"]
    plain = pytester.runpytest(*run)
    assert plain.ret == pytest.ExitCode.OK, plain.stdout.str()
    assert "audiocontract benchmarks" in plain.stdout.str()
    assert BENCH_TABLE not in plain.stdout.str()
    # The benchmark phase names each benchmark as it starts, counted against all of them.
    starts = [line for line in plain.outlines if "] benchmark fine enhance " in line]
    total = plain.parseoutcomes()["passed"]
    assert [line.split("]")[0] for line in starts] == [f"[{n}/{total}" for n in range(1, total + 1)]
    for asked in (["--audiocontract-benchmark-table"], ["--benchmark-columns=min,max"]):
        shown = pytester.runpytest(*run, *asked)
        assert shown.ret == pytest.ExitCode.OK
        assert BENCH_TABLE in shown.stdout.str(), asked


def test_which_options_ask_for_the_table() -> None:
    assert not asks_for_table(["--benchmark-only", "--benchmark-min-rounds=3", "--benchmark-disable"])
    assert asks_for_table(["--benchmark-sort", "mean"])
    assert asks_for_table(["--benchmark-autosave"])
    assert asks_for_table(["--benchmark-compare-fail=min:5%"])
    assert asks_for_table(["--audiocontract-benchmark-table"])
