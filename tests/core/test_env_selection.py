"""AUDIOCONTRACT_MODEL_PACK: how the tox environments pick their packs."""

from __future__ import annotations

from pathlib import Path

import pytest

PACK = Path(__file__).resolve().parents[2] / "model_packs" / "reference_vad"


@pytest.fixture
def with_variable(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    monkeypatch.setenv("AUDIOCONTRACT_MODEL_PACK", str(PACK))
    pytester.makepyfile(test_plain="def test_one():\n    pass\n")
    return pytester


def collected(result: pytest.RunResult) -> list[str]:
    return [line for line in result.outlines if "::" in line]


def test_variable_selects_packs_when_no_path_is_given(with_variable: pytest.Pytester) -> None:
    result = with_variable.runpytest_subprocess("--collect-only", "-q", "-p", "no:cacheprovider")
    assert any("reference_vad" in line for line in collected(result)), result.outlines


def test_test_paths_on_the_command_line_win(with_variable: pytest.Pytester) -> None:
    result = with_variable.runpytest_subprocess(
        "test_plain.py", "--collect-only", "-q", "-p", "no:cacheprovider"
    )
    assert collected(result) == ["test_plain.py::test_one"]
