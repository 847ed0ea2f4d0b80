"""Collection does no audio work: edge-case waveforms are rendered when an item runs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pytest_audiocontract.audio import synth

ROOT = Path(__file__).resolve().parents[2]
REFERENCE_PACKS = sorted(p.name for p in (ROOT / "model_packs").glob("reference_*"))


@pytest.fixture
def render_calls(monkeypatch: pytest.MonkeyPatch) -> list[synth.SignalSpec]:
    """Every call of `synth.render`, wherever it was imported from."""
    calls: list[synth.SignalSpec] = []
    real = synth.render

    def counting(spec: synth.SignalSpec) -> object:
        calls.append(spec)
        return real(spec)

    import pytest_audiocontract.audio.strategies as strategies
    import pytest_audiocontract.gates.sources as sources

    for module in (synth, strategies, sources):
        monkeypatch.setattr(module, "render", counting)
    return calls


def test_collecting_every_reference_pack_renders_nothing(
    pytester: pytest.Pytester, render_calls: list[synth.SignalSpec]
) -> None:
    for name in REFERENCE_PACKS:
        shutil.copytree(ROOT / "model_packs" / name, pytester.path / "model_packs" / name)
    result = pytester.inline_run(
        "--collect-only", "-p", "no:cacheprovider", "--audiocontract-bench", "model_packs"
    )
    items = result.getcalls("pytest_itemcollected")
    assert len(items) > 10 * len(REFERENCE_PACKS), "the reference packs were not collected"
    assert render_calls == []


def test_a_case_renders_on_first_use_only(render_calls: list[synth.SignalSpec]) -> None:
    from pytest_audiocontract.audio.strategies import edge_cases

    cases = edge_cases()
    assert render_calls == []
    first = cases[1].audio
    assert cases[1].audio is first
    assert render_calls == [cases[1].spec]


def test_collection_builds_no_hypothesis_test_and_marks_the_items(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pytest_audiocontract.contracts.runner as runner

    built: list[str] = []
    real = runner.build_test

    def counting(*args: object, **kwargs: object) -> object:
        built.append(str(kwargs["nodeid"]))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(runner, "build_test", counting)
    shutil.copytree(ROOT / "model_packs" / "reference_asr_stream", pytester.path / "model_packs" / "p")
    result = pytester.inline_run("--collect-only", "-p", "no:cacheprovider", "model_packs")
    items = [call.item for call in result.getcalls("pytest_itemcollected")]
    contracts = [item for item in items if hasattr(item, "rule")]
    assert contracts, "no contract item was collected"
    assert built == []
    # As Hypothesis's plugin marks a collected @given test: every rule with an input strategy,
    # not the stateful (state-machine) rules.
    marked = {item.rule.name: item.get_closest_marker("hypothesis") is not None for item in contracts}
    assert marked == {item.rule.name: not item.rule.stateful for item in contracts}
    assert any(item.rule.stateful for item in contracts) and not all(marked.values())


def test_a_contract_item_builds_its_test_at_setup_for_hypothesis_to_run(pytester: pytest.Pytester) -> None:
    shutil.copytree(ROOT / "model_packs" / "reference_enhance", pytester.path / "model_packs" / "p")
    # In a subprocess: the modules a run imports (numpy.fft) stay out of this process's snapshot.
    result = pytester.runpytest_subprocess(
        "-p",
        "no:cacheprovider",
        "--contract-examples",
        "3",
        "--hypothesis-show-statistics",
        "-k",
        "length_matches_input",
        "model_packs",
    )
    result.assert_outcomes(passed=1)
    # Hypothesis's plugin saw a Hypothesis test at the call: it reports the item's statistics.
    # "3 passing, 0 failing" (today) or "3 passing examples, 0 failing examples" (6.100)
    expected = ["*Hypothesis Statistics*", "*length_matches_input*", "*3 passing*0 failing*"]
    result.stdout.fnmatch_lines(expected)
