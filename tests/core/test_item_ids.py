"""Contract items behave like hand-written tests: ids, -k, --lf, -x, --junitxml and xdist."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from packkit import IDENTITY_ENHANCE, write_pack

ENHANCE_RULES = ("returns_result_type", "finite_outputs", "deterministic",
                 "length_matches_input", "rate_matches_input", "silence_stays_silent")

# Drops the last sample of any non-empty input: breaks length_matches_input, and only that.
SHORT_BY_ONE = IDENTITY_ENHANCE.replace(
    "return Enhanced(audio=np.asarray(audio, dtype=np.float32).copy(), sr=sr)",
    "return Enhanced(audio=np.asarray(audio, dtype=np.float32)[:-1].copy(), sr=sr)")

FAST = ("--contract-examples", "3")


@pytest.fixture
def packs(pytester: pytest.Pytester) -> Path:
    root = pytester.path / "model_packs"
    write_pack(root, "good")
    write_pack(root, "short")
    (root / "short" / "adapter.py").write_text(SHORT_BY_ONE)
    return root


def test_ids_read_file_surface_rule_and_pack(pytester: pytest.Pytester, packs: Path) -> None:
    result = pytester.runpytest("--collect-only", "-q", "-p", "no:cacheprovider",
                                "--model-pack", "good")
    ids = [line for line in result.outlines if "::" in line]
    assert ids == [f"model_packs/good/claims.yaml::enhance::{rule}[good]"
                   for rule in ENHANCE_RULES]


def test_keyword_selection(pytester: pytest.Pytester, packs: Path) -> None:
    result = pytester.runpytest("-p", "no:cacheprovider", "model_packs", *FAST,
                                "-k", "length_matches_input and short")
    result.assert_outcomes(failed=1, deselected=2 * len(ENHANCE_RULES) - 1)
    result = pytester.runpytest("-p", "no:cacheprovider", "model_packs", *FAST, "-k", "good")
    result.assert_outcomes(passed=len(ENHANCE_RULES), deselected=len(ENHANCE_RULES))


def test_last_failed_reruns_only_the_failed_rule(pytester: pytest.Pytester, packs: Path) -> None:
    first = pytester.runpytest_subprocess("model_packs", *FAST)
    first.assert_outcomes(failed=1, passed=2 * len(ENHANCE_RULES) - 1)
    again = pytester.runpytest_subprocess("model_packs", *FAST, "--lf", "-v")
    again.assert_outcomes(failed=1, deselected=2 * len(ENHANCE_RULES) - 1)
    again.stdout.fnmatch_lines([
        "*model_packs/short/claims.yaml::enhance::length_matches_input[[]short[]] FAILED*"])


def test_exitfirst_stops_at_the_first_failure(pytester: pytest.Pytester, packs: Path) -> None:
    write_pack(packs, "shorter")
    (packs / "shorter" / "adapter.py").write_text(SHORT_BY_ONE)
    every = pytester.runpytest("-p", "no:cacheprovider", "model_packs", *FAST)
    every.assert_outcomes(failed=2, passed=3 * len(ENHANCE_RULES) - 2)
    first = pytester.runpytest("-p", "no:cacheprovider", "model_packs", *FAST, "-x")
    first.assert_outcomes(failed=1, passed=len(ENHANCE_RULES) + 3)
    first.stdout.fnmatch_lines(["*stopping after 1 failures*"])


def test_junitxml_lists_every_item(pytester: pytest.Pytester, packs: Path) -> None:
    xml = pytester.path / "report.xml"
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "model_packs", *FAST,
                                           f"--junitxml={xml}")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    cases = ET.parse(xml).getroot().iter("testcase")
    outcome = {c.get("name"): ("failure" if c.find("failure") is not None else "passed")
               for c in cases}
    assert outcome == {
        **{f"{rule}[good]": "passed" for rule in ENHANCE_RULES},
        **{f"{rule}[short]": "passed" for rule in ENHANCE_RULES},
        "length_matches_input[short]": "failure",
    }
    [failure] = ET.parse(xml).getroot().iter("failure")
    assert "short/enhance: length_matches_input: len(audio)=" in failure.get("message", "")


def test_xdist_runs_pack_items_on_two_workers(pytester: pytest.Pytester, packs: Path) -> None:
    pytest.importorskip("xdist", reason="pytest-xdist is not installed (pip install pytest-xdist)")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "model_packs", *FAST,
                                           "-n", "2", "-rf")
    result.assert_outcomes(failed=1, passed=2 * len(ENHANCE_RULES) - 1)
    result.stdout.fnmatch_lines([
        "*2 workers [[]12 items[]]*",
        "FAILED model_packs/short/claims.yaml::enhance::length_matches_input[[]short[]]*"])
