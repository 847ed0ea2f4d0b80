"""peak_rss_mb is the pack's own worker, cpu_rtf is CPU time: neither depends on what ran before."""

from __future__ import annotations

import pytest
from packkit import claims_yaml, item_statuses, write_pack

# Holds about 1 GB (touched, so resident) from load on.
HEAVY = """
import numpy as np
from pytest_audiocontract import Enhanced

class Model:
    def __init__(self):
        self.weights = np.ones(1024 * 1024 * 1024 // 8)

    def enhance(self, audio, sr):
        return Enhanced(audio=np.asarray(audio, dtype=np.float32).copy(), sr=sr)

def load(variant, device):
    return Model()
"""

SMALL = """
import numpy as np
from pytest_audiocontract import Enhanced

class Model:
    def enhance(self, audio, sr):
        return Enhanced(audio=np.asarray(audio, dtype=np.float32).copy(), sr=sr)

def load(variant, device):
    return Model()
"""


def _claims(pack_id: str, claims: str) -> str:
    return claims_yaml(pack_id) + "claims:\n" + claims


def test_small_models_memory_claim_holds_after_a_1gb_model_ran(pytester: pytest.Pytester) -> None:
    heavy = write_pack(
        pytester.path,
        "heavy",
        HEAVY,
        claims=_claims("heavy", "  - {metric: peak_rss_mb, surface: enhance, max: 500}\n"),
    )
    small = write_pack(
        pytester.path,
        "small",
        SMALL,
        claims=_claims("small", "  - {metric: peak_rss_mb, surface: enhance, max: 400}\n"),
    )
    # heavy's model is loaded in this test process first, and stays loaded for the session.
    result = pytester.runpytest_subprocess(
        f"--model-pack={heavy}", f"--model-pack={small}", "--claims-only", "-v", "-p", "no:cacheprovider"
    )
    statuses = item_statuses(result.outlines)
    assert statuses == {
        "heavy/claims.yaml::claims::peak_rss_mb<=500[heavy/synthetic]": "FAILED",
        "small/claims.yaml::claims::peak_rss_mb<=400[small/synthetic]": "PASSED",
    }, result.stdout.str()
    out = result.stdout.str()
    assert "heavy/enhance: peak_rss_mb=" in out and "promises peak_rss_mb <= 500" in out


def test_memory_record_has_baseline_and_scope(pytester: pytest.Pytester) -> None:
    import json

    small = write_pack(
        pytester.path,
        "small",
        SMALL,
        claims=_claims("small", "  - {metric: peak_rss_mb, surface: enhance, max: 400}\n"),
    )
    result = pytester.runpytest_subprocess(
        f"--model-pack={small}", "--claims-only", "--audiocontract-report", "out", "-p", "no:cacheprovider"
    )
    result.assert_outcomes(passed=1)
    claim = json.loads((pytester.path / "out" / "report.json").read_text())["packs"]["small"]["claims"][0]
    details = claim["details"]
    assert 0 < details["baseline_rss_mb"] <= details["peak_rss_mb"] == claim["measured"]
    assert "fresh worker process" in details["memory_scope"]


def test_cpu_rtf_claims_follow_their_bound(pytester: pytest.Pytester) -> None:
    # A bound no run can meet (0) fails; one a million times the figure passes; rtf rides along.
    small = write_pack(
        pytester.path,
        "small",
        SMALL,
        claims=_claims(
            "small",
            "  - {metric: cpu_rtf, surface: enhance, max: 0.0}\n"
            "  - {metric: cpu_rtf, surface: enhance, max: 1000}\n",
        ),
    )
    result = pytester.runpytest_subprocess(
        f"--model-pack={small}", "--claims-only", "--audiocontract-report", "out", "-p", "no:cacheprovider"
    )
    result.assert_outcomes(passed=1, failed=1)
    import json

    claims = json.loads((pytester.path / "out" / "report.json").read_text())["packs"]["small"]["claims"]
    for claim in claims:
        details = claim["details"]
        assert details["cpu_rtf"] == claim["measured"]
        assert {"wall_s", "cpu_s", "rtf", "cpu_rounds_s"} <= set(details)
