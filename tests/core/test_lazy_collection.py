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
    import pytest_audiocontract.claims.sources as sources

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
