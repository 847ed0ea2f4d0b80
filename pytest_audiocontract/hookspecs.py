"""Extension points of pytest-audiocontract, for third-party pytest plugins and conftest.py files.

Registered by plugin.pytest_addhooks. Each hook is called once per run (rules: once per
surface of each collected pack); a plugin returns None to add nothing. The examples are
complete conftest.py files; tests/core/test_hookspecs.py runs each.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pytest_audiocontract.contracts.rules import Rule
    from pytest_audiocontract.json_types import JSON
    from pytest_audiocontract.metric_names import MetricInfo
    from pytest_audiocontract.render.tables import Table


@pytest.hookspec
def pytest_audiocontract_rules(surface: str) -> list[Rule] | None:
    """Contract rules to run, beside the built-in ones, on every pack that declares `surface`.

    Each becomes one test item per pack, variant and device (`<surface>::<name>[<pack>]`),
    drawn, shrunk and reported like a built-in rule::

        from pytest_audiocontract.contracts.inputs import cases_for
        from pytest_audiocontract.contracts.rules import Rule

        def _bounded_text(check, case):
            outcome = check.output(case)  # the model's Transcript for this input (cached)
            if outcome.ok:
                size = len(outcome.value.text)
                check.expect(size < 10_000, "len(result.text)", size, "< 10000")

        def pytest_audiocontract_rules(surface):
            if surface == "asr":
                return [Rule("asr", "text_is_bounded", "text under 10k characters",
                             _bounded_text, cases=lambda facts: cases_for("asr", facts))]
    """


@pytest.hookspec
def pytest_audiocontract_metrics() -> list[MetricInfo] | None:
    """Claim metrics to add for this run: each a `MetricInfo` measured against a reference,
    with its `compute(references, outputs, inputs) -> float`. A claim on it runs the claim's
    surface over the dataset; `references[i]` is the dataset item itself (`datasets.Item`:
    its fields and `extra`), `outputs[i]` the surface's result, `inputs[i]` its `(audio, sr)`::

        from pytest_audiocontract.metric_names import MetricInfo

        def _text_chars(items, transcripts, inputs):
            return sum(len(t.text) for t in transcripts) / len(transcripts)

        def pytest_audiocontract_metrics():
            return [MetricInfo("mean_chars", "characters", False, True, ("asr",),
                               reference="any dataset", compute=_text_chars)]

    claims.yaml may then say `- {metric: mean_chars, surface: asr, dataset: speech_en, max: 400}`.
    """


@pytest.hookspec
def pytest_audiocontract_report_section(report: Mapping[str, JSON]) -> Table | None:
    """A table to add to report.md, report.html and report.json (under `sections`), built from
    the finished report's data (report.json's content, read-only)::

        from pytest_audiocontract.render.tables import Table

        def pytest_audiocontract_report_section(report):
            packs = report.get("packs", {})
            return Table("Packs run", ["pack", "contracts"],
                         [[p, str(len(v.get("contracts", [])))] for p, v in sorted(packs.items())])
    """
