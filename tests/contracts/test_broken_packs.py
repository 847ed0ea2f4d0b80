"""Every contract rule catches a pack that breaks it, and only that rule fails."""

from __future__ import annotations

import pytest
from broken_cases import CASES, HALLUCINATION_CASES, STREAM_CASES, Broken, adapter_source, claims_source

from pytest_audiocontract.contracts import rules_for

ALL_CASES = CASES + STREAM_CASES + HALLUCINATION_CASES


def test_every_rule_has_a_broken_pack() -> None:
    covered = {(c.surface, c.rule) for c in ALL_CASES}
    from pytest_audiocontract.surfaces import SURFACES

    every_rule = {(s, r.name) for s in SURFACES for r in rules_for(s)}
    assert every_rule - covered == set(), "rules without a broken pack to prove they can fail"
    assert covered - every_rule == set(), "broken packs for rules that do not exist"


def _failed_rules(pytester: pytest.Pytester, case: Broken) -> tuple[set[str], str]:
    pack = pytester.mkdir(case.pack_id)
    (pack / "claims.yaml").write_text(claims_source(case))
    (pack / "adapter.py").write_text(adapter_source(case))
    # A subprocess per pack, as users run it: many in-process runs of stateful Hypothesis
    # suites in one interpreter abort it.
    result = pytester.runpytest_subprocess(
        f"--model-pack={pack}",
        "-p",
        "no:cacheprovider",
        "-rf",
        "--audiocontract-failures",
        str(pytester.path / "fail"),
    )
    failed = {line.split("::")[-1].split("[")[0] for line in result.outlines if line.startswith("FAILED ")}
    return failed, result.stdout.str()


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: f"{c.surface}::{c.rule}")
def test_broken_pack_fails_exactly_its_rule(pytester: pytest.Pytester, case: Broken) -> None:
    failed, output = _failed_rules(pytester, case)
    assert failed == {case.rule}, output[-3000:]
    assert f"{case.pack_id}/{case.surface}: {case.rule}:" in output
