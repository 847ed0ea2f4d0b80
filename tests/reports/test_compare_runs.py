"""`audiocontract compare` on real runs of the plugin (subprocesses): a worse transcript is a
regression; a slower run from one run per side is only indicative; several runs per side are
read as such; other devices are refused. No assertion here depends on how fast anything ran."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sleepy import audiocontract, bench_run, write_pack

REFERENCE_WORDS = "the quick brown fox jumps over the lazy dog"


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("compare")
    pack = write_pack(root, on_speech=True)
    found = {}
    for name, sleep_s, text in [
        ("base", 0.001, REFERENCE_WORDS),
        ("same", 0.001, REFERENCE_WORDS),
        ("slow", 0.02, REFERENCE_WORDS),
        ("worse", 0.001, " ".join([REFERENCE_WORDS, *["extra"] * 20])),
    ]:
        done = bench_run(pack, root / name, sleep_s, "--benchmark-min-rounds=3", text=text)
        assert done.returncode == 0, done.stdout + done.stderr
        found[name] = root / name / "report.json"
    return found


def test_a_worse_transcript_is_a_regression_named_in_the_output(runs: dict[str, Path]) -> None:
    done = audiocontract("compare", str(runs["base"]), str(runs["worse"]))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 regression(s): sleepy asr/speech_en wer +" in done.stdout


def test_a_slower_run_is_indicative_never_a_regression(runs: dict[str, Path]) -> None:
    done = audiocontract("compare", str(runs["base"]), str(runs["slow"]))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "REGRESSION" not in done.stdout
    assert "indicative only" in done.stdout and "audiocontract ab" in done.stdout
    wer_row = next(line for line in done.stdout.splitlines() if " wer " in line)
    assert wer_row.split()[-1] == "same"


def test_identical_code_passes(runs: dict[str, Path]) -> None:
    done = audiocontract("compare", str(runs["base"]), str(runs["same"]))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no regression" in done.stdout


def test_several_runs_per_side_are_judged_over_runs(runs: dict[str, Path]) -> None:
    done = audiocontract(
        "compare", str(runs["base"]), str(runs["same"]), "--", str(runs["slow"]), str(runs["same"])
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "old (median of 2)" in done.stdout
    assert "smallest reachable p is 0.333" in done.stdout  # 2 and 2 runs can never be significant
    worse = audiocontract("compare", str(runs["base"]), str(runs["same"]), "--", str(runs["worse"]))
    assert worse.returncode == 1, worse.stdout


def test_one_path_alone_is_a_usage_error(runs: dict[str, Path]) -> None:
    done = audiocontract("compare", str(runs["base"]))
    assert done.returncode == 2
    assert "OLD1 OLD2 ... -- NEW1 NEW2" in done.stderr


def test_runs_from_other_devices_are_refused(runs: dict[str, Path], tmp_path: Path) -> None:
    data = json.loads(runs["worse"].read_text())
    data["run"]["device"] = "cpu: another machine x64"
    other = tmp_path / "report.json"
    other.write_text(json.dumps(data))
    done = audiocontract("compare", str(runs["base"]), str(other))
    assert done.returncode == 2
    assert "--allow-different-devices" in done.stderr
    allowed = audiocontract("compare", str(runs["base"]), str(other), "--allow-different-devices")
    assert allowed.returncode == 1


def test_compare_into_a_report_folder_puts_the_changes_in_its_page(
    runs: dict[str, Path], tmp_path: Path
) -> None:
    import shutil

    from page_parser import Page

    folder = tmp_path / "worse"
    shutil.copytree(runs["worse"].parent, folder)
    done = audiocontract("compare", "--into", str(folder), str(runs["base"]), str(folder / "report.json"))
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"changes recorded in {folder / 'report.html'}" in done.stdout
    [recorded] = json.loads((folder / "report.json").read_text())["comparisons"]
    [regression] = [c for c in recorded["changes"] if c["verdict"] == "REGRESSION"]
    assert (regression["pack"], regression["metric"]) == ("sleepy", "wer")
    [changes] = Page((folder / "report.html").read_text()).in_section("changes")
    first = changes.rows[0]
    assert first[changes.column("verdict")].text == "REGRESSION"
    assert first[changes.column("metric")].text == "WER % ↓"


def test_compare_into_a_folder_without_a_report_says_so(runs: dict[str, Path], tmp_path: Path) -> None:
    done = audiocontract("compare", "--into", str(tmp_path), str(runs["base"]), str(runs["same"]))
    assert done.returncode == 2 and f"--into {tmp_path}: cannot read" in done.stderr
