"""Each extension point of hookspecs.py, implemented by a conftest.py, takes effect.

The conftest files are the examples in hookspecs.py's docstrings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SPEECH_EN = REPO / "fixtures" / "speech_en" / "manifest.yaml"

RULES_CONFTEST = """
from pytest_audiocontract.contracts.inputs import cases_for
from pytest_audiocontract.contracts.rules import Rule


def _bounded_text(check, case):
    outcome = check.output(case)
    if outcome.ok:
        size = len(outcome.value.text)
        check.expect(size < LIMIT, "len(result.text)", size, f"< {LIMIT}")


def pytest_audiocontract_rules(surface):
    if surface == "asr":
        return [Rule("asr", "text_is_bounded", "text under LIMIT characters",
                     _bounded_text, cases=lambda facts: cases_for("asr", facts))]
"""

METRICS_CONFTEST = """
from pytest_audiocontract.metric_names import MetricInfo


def _mean_chars(items, transcripts, inputs):
    assert len(items) == len(transcripts) == len(inputs)
    assert all(item.text for item in items)  # the dataset items are the references
    return sum(len(t.text) for t in transcripts) / len(transcripts)


def pytest_audiocontract_metrics():
    return [MetricInfo("mean_chars", "characters", False, True, ("asr",),
                       reference="any dataset", compute=_mean_chars)]
"""

SECTION_CONFTEST = """
from pytest_audiocontract.render.tables import Table


def pytest_audiocontract_report_section(report):
    packs = report.get("packs", {})
    return Table("Packs run", ["pack", "contracts"],
                 [[p, str(len(v.get("contracts", [])))] for p, v in sorted(packs.items())])
"""


def test_a_plugin_rule_runs_on_every_pack_of_its_surface(pytester: pytest.Pytester) -> None:
    pytester.makeconftest("LIMIT = 0\n" + RULES_CONFTEST)  # no text is under 0 characters
    result = pytester.runpytest_subprocess(
        f"--model-pack={REPO / 'model_packs' / 'reference_asr'}",
        "--contracts-only",
        "-k",
        "text_is_bounded",
        "-v",
        "-p",
        "no:cacheprovider",
    )
    result.stdout.fnmatch_lines(
        [
            "*claims.yaml::asr::text_is_bounded[[]reference_asr[]] FAILED*",
            "*len(result.text)=*, but should be < 0*",
        ]
    )
    result.assert_outcomes(failed=1)


def test_a_plugin_rule_of_another_surface_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        "from pytest_audiocontract.contracts.rules import Rule\n"
        "def pytest_audiocontract_rules(surface):\n"
        "    return [Rule('vad', 'x', 'x', lambda check, case: None)]\n"
    )
    result = pytester.runpytest_subprocess(
        f"--model-pack={REPO / 'model_packs' / 'reference_asr'}", "--contracts-only", "-p", "no:cacheprovider"
    )
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*returned rule vad::x, but should return rules of surface 'asr' only*"])


def test_a_plugin_metric_is_a_claim_metric(pytester: pytest.Pytester) -> None:
    pack = pytester.path / "packs" / "reference_asr"
    shutil.copytree(REPO / "model_packs" / "reference_asr", pack)
    claims = pack / "claims.yaml"
    claims.write_text(
        claims.read_text()
        + f"  - {{metric: mean_chars, surface: asr, dataset: {SPEECH_EN}, max: 100000}}\n"
        + f"  - {{metric: mean_chars, surface: asr, dataset: {SPEECH_EN}, max: 0.5}}\n"
    )
    pytester.makeconftest(METRICS_CONFTEST)
    result = pytester.runpytest_subprocess(
        f"--model-pack={pack}", "--claims-only", "-k", "mean_chars", "-v", "-p", "no:cacheprovider"
    )
    result.stdout.fnmatch_lines_random(
        ["*claims::mean_chars<=100000*PASSED*", "*claims::mean_chars<=0.5*FAILED*"]
    )
    result.assert_outcomes(passed=1, failed=1)


def test_a_plugin_metric_without_compute_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        "from pytest_audiocontract.metric_names import MetricInfo\n"
        "def pytest_audiocontract_metrics():\n"
        "    return [MetricInfo('odd', 'ratio', False, True, ('asr',))]\n"
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*metric 'odd' with compute=None*but should give a compute function*"])


def test_a_plugin_report_section_is_in_every_report_format(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(SECTION_CONFTEST)
    result = pytester.runpytest_subprocess(
        f"--model-pack={REPO / 'model_packs' / 'noop'}",
        "--contracts-only",
        "--surface=enhance",
        "--audiocontract-report=out",
        "-p",
        "no:cacheprovider",
    )
    assert result.ret == 0, result.stdout.str()
    out = pytester.path / "out"
    sections = json.loads((out / "report.json").read_text())["sections"]
    assert [s["title"] for s in sections] == ["Packs run"]
    contracts = sections[0]["rows"][0]
    assert contracts[0] == "noop" and int(contracts[1]) > 0
    assert "## Packs run" in (out / "report.md").read_text()
    assert "<h3>Packs run</h3>" in (out / "report.html").read_text()
