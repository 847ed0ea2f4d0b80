"""A method that raises fails returns_result_type once; no other rule passes on a raise."""

from __future__ import annotations

import pytest
from fault_packs import write_behaving_pack


def test_raising_on_some_inputs_fails_once_and_passes_nothing(pytester: pytest.Pytester) -> None:
    pack = write_behaving_pack(pytester.path, "raises_on_short")
    result = pytester.runpytest_subprocess(
        f"--model-pack={pack}", "-p", "no:cacheprovider", "-rA", f"--audiocontract-failures={pytester.path}"
    )
    output = result.stdout.str()
    assert result.ret == 1, output
    failed = [line for line in result.outlines if line.startswith("FAILED ")]
    assert failed == [line for line in failed if "embed::returns_result_type" in line] and len(failed) == 1
    assert "raised ValueError: input too short" in output
    for rule in ("finite_outputs", "deterministic", "vector_length_is_dim"):
        assert f"PASSED raises_on_short/claims.yaml::embed::{rule}" not in output, output
        assert f"raises_on_short/embed: {rule} not judged: embed raised" in output, output
    assert "returns_result_type reports the error" in output
