"""Contract items behave like hand-written tests: ids, -k, --lf, -x, --junitxml and xdist."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from packkit import IDENTITY_ENHANCE, is_contract_item, item_statuses, write_pack

ENHANCE_RULES = (
    "returns_result_type",
    "finite_outputs",
    "deterministic",
    "length_matches_input",
    "rate_matches_input",
    "silence_stays_silent",
)

# Drops the last sample of any non-empty input: breaks length_matches_input, and only that.
SHORT_BY_ONE = IDENTITY_ENHANCE.replace(
    "return Enhanced(audio=np.asarray(audio, dtype=np.float32).copy(), sr=sr)",
    "return Enhanced(audio=np.asarray(audio, dtype=np.float32)[:-1].copy(), sr=sr)",
)

FAST = ("--contract-examples", "3")
GOOD = {f"model_packs/good/claims.yaml::enhance::{rule}[good]": "PASSED" for rule in ENHANCE_RULES}
SHORT = {f"model_packs/short/claims.yaml::enhance::{rule}[short]": "PASSED" for rule in ENHANCE_RULES}
SHORT["model_packs/short/claims.yaml::enhance::length_matches_input[short]"] = "FAILED"


def contract_statuses(result: pytest.RunResult) -> dict[str, str]:
    """Statuses of the contract items (a pack may also have claim or docs items)."""
    return {k: v for k, v in item_statuses(result.outlines).items() if is_contract_item(k)}


@pytest.fixture
def packs(pytester: pytest.Pytester) -> Path:
    root = pytester.path / "model_packs"
    write_pack(root, "good")
    write_pack(root, "short")
    (root / "short" / "adapter.py").write_text(SHORT_BY_ONE)
    return root


def test_ids_read_file_surface_rule_and_pack(pytester: pytest.Pytester, packs: Path) -> None:
    result = pytester.runpytest("--collect-only", "-q", "-p", "no:cacheprovider", "--model-pack", "good")
    ids = [line for line in result.outlines if "::" in line and is_contract_item(line)]
    assert ids == [f"model_packs/good/claims.yaml::enhance::{rule}[good]" for rule in ENHANCE_RULES]


def test_keyword_selection(pytester: pytest.Pytester, packs: Path) -> None:
    result = pytester.runpytest(
        "-p", "no:cacheprovider", "model_packs", *FAST, "-v", "-k", "length_matches_input and short"
    )
    assert item_statuses(result.outlines) == {
        "model_packs/short/claims.yaml::enhance::length_matches_input[short]": "FAILED"
    }
    result = pytester.runpytest(
        "-p", "no:cacheprovider", "model_packs", *FAST, "-v", "-k", "good and enhance"
    )
    assert item_statuses(result.outlines) == GOOD


def test_last_failed_reruns_only_the_failed_rule(pytester: pytest.Pytester, packs: Path) -> None:
    first = pytester.runpytest_subprocess("model_packs", *FAST, "-v")
    assert contract_statuses(first) == {**GOOD, **SHORT}
    again = pytester.runpytest_subprocess("model_packs", *FAST, "--lf", "-v")
    assert item_statuses(again.outlines) == {
        "model_packs/short/claims.yaml::enhance::length_matches_input[short]": "FAILED"
    }
    again.stdout.fnmatch_lines(["run-last-failure: rerun previous 1 failure*"])


def test_exitfirst_stops_at_the_first_failure(pytester: pytest.Pytester, packs: Path) -> None:
    write_pack(packs, "shorter")
    (packs / "shorter" / "adapter.py").write_text(SHORT_BY_ONE)
    every = pytester.runpytest("-p", "no:cacheprovider", "model_packs", *FAST, "-v")
    failed = [k for k, v in contract_statuses(every).items() if v == "FAILED"]
    assert len(failed) == 2
    first = pytester.runpytest("-p", "no:cacheprovider", "model_packs", *FAST, "-x", "-v")
    ran = item_statuses(first.outlines)
    assert [k for k, v in ran.items() if v == "FAILED"] == failed[:1]
    assert not any("shorter" in k for k in ran)
    first.stdout.fnmatch_lines(["*stopping after 1 failures*"])


def test_junitxml_lists_every_item(pytester: pytest.Pytester, packs: Path) -> None:
    xml = pytester.path / "report.xml"
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "model_packs", *FAST, f"--junitxml={xml}"
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    cases = ET.parse(xml).getroot().iter("testcase")
    outcome = {
        c.get("name"): ("failure" if c.find("failure") is not None else "passed")
        for c in cases
        if str(c.get("name")).split("[")[0] in ENHANCE_RULES
    }
    assert outcome == {
        **{f"{rule}[good]": "passed" for rule in ENHANCE_RULES},
        **{f"{rule}[short]": "passed" for rule in ENHANCE_RULES},
        "length_matches_input[short]": "failure",
    }
    [failure] = ET.parse(xml).getroot().iter("failure")
    assert "short/enhance: length_matches_input: len(audio)=" in failure.get("message", "")


def test_xdist_runs_pack_items_on_two_workers(pytester: pytest.Pytester, packs: Path) -> None:
    pytest.importorskip("xdist", reason="pytest-xdist is not installed (pip install pytest-xdist)")
    serial = pytester.runpytest("-p", "no:cacheprovider", "model_packs", *FAST)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "model_packs", *FAST, "-n", "2", "-rf")
    outcomes = {k: v for k, v in serial.parseoutcomes().items() if k != "warnings"}  # not outcomes
    assert outcomes["failed"] == 1
    assert {k: v for k, v in result.parseoutcomes().items() if k != "warnings"} == outcomes
    result.stdout.fnmatch_lines(
        [
            f"*2 workers [[]{outcomes['passed'] + 1} items[]]*",
            "FAILED model_packs/short/claims.yaml::enhance::length_matches_input[[]short[]]*",
        ]
    )


# Fails length_matches_input on variant "b" only; variant "a" is the default.
SHORT_ON_B = IDENTITY_ENHANCE.replace(
    "def load(variant, device):\n    return Model()",
    "class Short(Model):\n"
    "    def enhance(self, audio, sr):\n"
    "        return Enhanced(audio=np.asarray(audio, dtype=np.float32)[:-1].copy(), sr=sr)\n\n"
    "def load(variant, device):\n    return Short() if variant == 'b' else Model()",
)
MULTI = "model_packs/multi/claims.yaml"
MULTI_FAILED = {
    f"{MULTI}::enhance::length_matches_input[multi-b-cpu]": "FAILED",
    f"{MULTI}::docs::claims_declared[multi]": "FAILED",
}


@pytest.fixture
def multi(pytester: pytest.Pytester) -> Path:
    root = write_pack(pytester.path / "model_packs", "multi", SHORT_ON_B, variants="[a, b]")
    (root / "README.md").write_text("Multi reaches a WER of 0.05 on everything.\n")  # a claim leak
    return root


def test_last_failed_reruns_a_variant_item_and_a_docs_item(pytester: pytest.Pytester, multi: Path) -> None:
    first = pytester.runpytest_subprocess("model_packs", *FAST, "--variant", "all", "-v")
    failed = {k: v for k, v in item_statuses(first.outlines).items() if v == "FAILED"}
    assert failed == MULTI_FAILED
    again = pytester.runpytest_subprocess("model_packs", *FAST, "--variant", "all", "--lf", "-v")
    assert item_statuses(again.outlines) == MULTI_FAILED
    again.stdout.fnmatch_lines(["run-last-failure: rerun previous 2 failures*"])
    first_again = pytester.runpytest_subprocess("model_packs", *FAST, "--variant", "all", "--ff", "-v")
    ran = list(item_statuses(first_again.outlines))
    assert set(ran[:2]) == set(MULTI_FAILED) and len(ran) > 2


def test_deselect_and_node_id_arguments_take_bracketed_ids(pytester: pytest.Pytester, multi: Path) -> None:
    variant_item = f"{MULTI}::enhance::length_matches_input[multi-b-cpu]"
    only = pytester.runpytest("-p", "no:cacheprovider", variant_item, *FAST, "--variant", "all", "-v")
    assert item_statuses(only.outlines) == {variant_item: "FAILED"}
    rest = pytester.runpytest(
        "-p", "no:cacheprovider", "model_packs", *FAST, "--variant", "all", "-v", "--deselect", variant_item
    )
    statuses = item_statuses(rest.outlines)
    assert variant_item not in statuses
    assert statuses[f"{MULTI}::enhance::length_matches_input[multi]"] == "PASSED"


def test_items_carry_their_key_and_a_real_callspec(pytester: pytest.Pytester, multi: Path) -> None:
    pytester.makeconftest(
        """
        def pytest_collection_modifyitems(items):
            for item in items:
                k = item.key
                spec = getattr(item, "callspec", None)
                print("KEY", item.nodeid, k.kind, k.pack, k.group, k.rule, k.variant, k.device,
                      spec.id if spec else None)
        """
    )
    result = pytester.runpytest(
        "-p", "no:cacheprovider", "model_packs", "--variant", "all", "--collect-only", "-s"
    )
    keys = {line.split()[1]: line.split()[2:] for line in result.outlines if line.startswith("KEY ")}
    assert keys[f"{MULTI}::enhance::deterministic[multi-b-cpu]"] == [
        "contract",
        "multi",
        "enhance",
        "deterministic",
        "b",
        "cpu",
        "multi-b-cpu",
    ]
    assert keys[f"{MULTI}::docs::claims_declared[multi]"] == [
        "docs",
        "multi",
        "docs",
        "claims_declared",
        "None",
        "None",
        "None",
    ]


def test_every_pack_item_reports_a_file_and_a_line(pytester: pytest.Pytester) -> None:
    """Node.warn (pytest-benchmark's "fixture was not used") asserts the item's line is set."""
    packs = pytester.path / "model_packs"
    claim = "claims:\n  - {surface: enhance, metric: peak_rss_mb, max: 100000}\n"
    root = write_pack(packs, "good")
    (root / "claims.yaml").write_text((root / "claims.yaml").read_text() + claim)
    (write_pack(packs, "broken") / "claims.yaml").write_text("id: [\n")
    pytester.makeconftest(
        """
        import warnings

        def pytest_collection_modifyitems(items):
            for item in items:
                path, line, _ = item.location
                assert isinstance(line, int), (item.nodeid, item.location)
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    item.warn(UserWarning("checked"))
                assert caught, item.nodeid
                print("LOCATED", type(item).__name__, path, line)
        """
    )
    result = pytester.runpytest(
        "-p", "no:cacheprovider", "model_packs", "--audiocontract-bench", "--collect-only", "-s"
    )
    kinds = {line.split()[1] for line in result.outlines if line.startswith("LOCATED ")}
    assert kinds == {"ContractItem", "BenchItem", "ClaimItem", "ClaimsDeclaredItem", "ProblemItem"}
