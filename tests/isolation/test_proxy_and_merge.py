"""An isolated model answers as the model itself does; errors keep their type; reports merge."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from pytest_audiocontract.isolation import IsolationLimits, isolated_model
from pytest_audiocontract.isolation.wire import portable_error, rebuild_error
from pytest_audiocontract.packs.loading import load_model
from pytest_audiocontract.results.merge import merge_reports
from pytest_audiocontract.spec.loader import load_pack_spec

REPO = Path(__file__).resolve().parents[2]


def test_streams_through_the_worker_match_the_model_in_process() -> None:
    spec = load_pack_spec(REPO / "model_packs/reference_asr_stream/claims.yaml")
    local = load_model(spec, spec.default_variant, "cpu")
    remote = isolated_model(spec, spec.default_variant, "cpu", IsolationLimits(timeout_s=60))
    try:
        t = np.arange(16000 * 2) / 16000
        audio = (0.5 * np.sin(2 * np.pi * 150 * t) * (t % 0.5 < 0.3)).astype(np.float32)
        results = []
        for model in (local, remote):
            stream = model.start_stream(16000)
            events = [e for i in range(0, audio.size, 1600) for e in stream.push_audio(audio[i : i + 1600])]
            events += stream.flush()
            results.append((events, stream.finalize()))
            stream.close()
            stream.close()  # twice: close is always safe, through the worker too
            with pytest.raises(RuntimeError):
                stream.push_audio(audio[:160])
        assert results[0] == results[1]
        assert remote.last_call_s >= 0.0
    finally:
        remote.close_worker()


class PackOwnError(RuntimeError):
    pass


PackOwnError.__module__ = "_audiocontract_packs.somepack.adapter"  # as a pack's class would be


def test_an_error_class_the_test_process_cannot_import_keeps_its_base_and_name() -> None:
    rebuilt = rebuild_error(portable_error(PackOwnError("bad chunk")))
    assert isinstance(rebuilt, RuntimeError)
    assert type(rebuilt).__name__ == "PackOwnError" and str(rebuilt) == "bad chunk"
    assert type(rebuild_error(portable_error(ValueError("x")))) is ValueError


def _report(env: str, packs: dict[str, object]) -> dict[str, object]:
    return {
        "schema": "pytest-audiocontract/report",
        "schema_version": 1,
        "status": "complete",
        "run": {"environment": env},
        "normaliser": "n1",
        "harness_floor": {},
        "packs": packs,
    }


def test_merge_keeps_every_environment_and_tags_each_entry() -> None:
    onnx = _report(
        "onnx",
        {"silero_vad": {"claims": [{"nodeid": "a", "metric": "rtf", "variant": "onnx", "measured": 0.01}]}},
    )
    torch = _report(
        "pytorch",
        {
            "silero_vad": {
                "claims": [{"nodeid": "b", "metric": "rtf", "variant": "pytorch", "measured": 0.03}]
            },
            "reference_vad": {"contracts": [{"nodeid": "c", "outcome": "passed"}]},
        },
    )
    merged = merge_reports([("onnx", onnx), ("pytorch", torch)])
    claims = merged["packs"]["silero_vad"]["claims"]
    assert [(c["variant"], c["environment"]) for c in claims] == [("onnx", "onnx"), ("pytorch", "pytorch")]
    assert merged["packs"]["reference_vad"]["contracts"][0]["environment"] == "pytorch"
    assert [e["environment"] for e in merged["environments"]] == ["onnx", "pytorch"]
    # The same item measured again in a later input replaces the earlier entry.
    again = merge_reports([("onnx", onnx), ("onnx2", onnx)])
    assert [c["environment"] for c in again["packs"]["silero_vad"]["claims"]] == ["onnx2"]


def test_merge_command_writes_a_report_that_renders(tmp_path: Path) -> None:
    from pytest_audiocontract.cli import main

    for env in ("core", "onnx"):
        (tmp_path / env).mkdir()
        pack = {"contracts": [{"nodeid": env, "name": "r", "outcome": "passed"}]}
        (tmp_path / env / "report.json").write_text(json.dumps(_report(env, {"p": pack})))
    assert (
        main(["merge", str(tmp_path / "all"), str(tmp_path / "core"), str(tmp_path / "onnx/report.json")])
        == 0
    )
    merged = json.loads((tmp_path / "all/report.json").read_text())
    assert [e["environment"] for e in merged["environments"]] == ["core", "onnx"]
    assert (tmp_path / "all/report.html").is_file()
    markdown = (tmp_path / "all/report.md").read_text()
    assert "## Environments" in markdown
    assert "| environment | status | created | git | machine | packages |" in markdown
    # contracts are counted per pack and environment, so the page tells the runs apart
    assert "| pack | environment | passed | failed | skipped | failing rules |" in markdown
    assert "| p | core | 1 | 0 | 0 | – |" in markdown and "| p | onnx | 1 | 0 | 0 | – |" in markdown
    (tmp_path / "bad.json").write_text("{}")
    assert main(["merge", str(tmp_path / "x"), str(tmp_path / "bad.json")]) == 2
