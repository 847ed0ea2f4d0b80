"""The numpy reference packs pass every contract and claim: the suites give no false failures.

The only items that do not pass are the hallucination rules a reference pack opts out of, with
its reason (it names bursts of energy; it is not a speech recogniser), and the per-call labels
rule on classify packs that do not take labels in the call (noop)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from packkit import is_contract_item, item_statuses

from pytest_audiocontract.contracts import rules_for
from pytest_audiocontract.surfaces import SURFACES

MODEL_PACKS = Path(__file__).resolve().parents[2] / "model_packs"


def test_reference_packs_pass_every_rule(pytester: pytest.Pytester) -> None:
    # The ci profile as CI runs it (not fewer examples): the point is that the search finds
    # nothing. A subprocess, as the asr_stream suites are Hypothesis state machines.
    result = pytester.runpytest_subprocess(
        "-p",
        "no:cacheprovider",
        "--model-pack",
        "all",
        "--runtime",
        "numpy",
        f"--pack-path={MODEL_PACKS}",
        "-v",
        "--audiocontract-failures",
        str(pytester.path / "failures"),
    )
    statuses = item_statuses(result.outlines)
    not_passed = {k: v for k, v in statuses.items() if v != "PASSED"}
    expected = dict.fromkeys(_declared_opt_outs(), "SKIPPED")
    if importlib.util.find_spec("pyannote") is None:  # no diarization extra: DER claims skip, naming it
        expected.update({k: "SKIPPED" for k in statuses if "::claims::der" in k})
    assert not_passed == expected, result.stdout.str()
    assert result.ret == pytest.ExitCode.OK

    passed = [nodeid for nodeid, status in statuses.items() if status == "PASSED"]
    contract_rules = {
        (nodeid.split("::")[1], nodeid.split("::")[2].split("[")[0])
        for nodeid in passed
        if is_contract_item(nodeid)
    }
    every_rule = {(surface, rule.name) for surface in SURFACES for rule in rules_for(surface)}
    assert contract_rules == every_rule
    assert any("::claims::" in nodeid for nodeid in passed), "no claim was collected"
    assert not (pytester.path / "failures").exists()


def _declared_opt_outs() -> list[str]:
    """Node ids of the rules the numpy packs opt out of (`opt_out` under a surface), and of the
    per-call labels rule where a classify pack does not declare `per_call_labels: true`."""
    from pytest_audiocontract.opt_outs import OPT_OUT_FACT
    from pytest_audiocontract.spec.loader import load_pack_spec

    found = []
    for folder in sorted(MODEL_PACKS.iterdir()):
        if not (folder / "claims.yaml").is_file():
            continue
        spec = load_pack_spec(folder)
        if spec.runtime != "numpy":
            continue
        for surface in spec.surfaces:
            for rule in spec.facts(surface).get(OPT_OUT_FACT) or {}:
                found.append(f"claims.yaml::{surface}::{rule}[{spec.id}]")  # as pytest names them here
        if "classify" in spec.surfaces and spec.facts("classify").get("per_call_labels") is not True:
            found.append(f"claims.yaml::classify::per_call_labels_returned[{spec.id}]")
    return found
