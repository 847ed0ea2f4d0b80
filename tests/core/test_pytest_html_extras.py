"""With pytest-html, the pack items carry their figures and saved failing inputs as extras."""

from __future__ import annotations

import base64
import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from packkit import IDENTITY_ENHANCE, claims_yaml, write_pack

pytest.importorskip(
    "pytest_html", reason="pytest-html is not installed (the dev extra: pip install -e '.[dev]')"
)

SHORT_BY_ONE = IDENTITY_ENHANCE.replace(
    "return Enhanced(audio=np.asarray(audio, dtype=np.float32).copy(), sr=sr)",
    "return Enhanced(audio=np.asarray(audio, dtype=np.float32)[:-1].copy(), sr=sr)",
)
RTF_CLAIM = "claims:\n  - {surface: enhance, metric: rtf, max: 100}\n"


def _extras(page: Path) -> dict[str, list[dict[str, Any]]]:
    """pytest-html 4's page keeps its results as JSON in a data-jsonblob attribute."""
    [blob] = re.findall(r'data-jsonblob="([^"]*)"', page.read_text(encoding="utf-8"))
    tests = json.loads(html.unescape(blob))["tests"]
    return {nodeid: [e for r in runs for e in r.get("extras", [])] for nodeid, runs in tests.items()}


def _content(extra: dict[str, Any]) -> str:
    """An extra's content; a self-contained page stores text extras base64-encoded."""
    content = str(extra.get("content", ""))
    if extra.get("format_type") == "text" and "," in content:
        return base64.b64decode(content.split(",", 1)[1]).decode()
    return content


def test_pack_items_carry_figures_and_the_failing_input(pytester: pytest.Pytester) -> None:
    pack = write_pack(pytester.path / "packs", "short", SHORT_BY_ONE, claims=claims_yaml("short") + RTF_CLAIM)
    page = pytester.path / "out.html"
    result = pytester.runpytest_subprocess(
        f"--model-pack={pack}",
        "--audiocontract-bench",
        "--benchmark-min-rounds=2",
        "--contract-examples=5",
        f"--audiocontract-failures={pytester.path / 'failures'}",
        f"--html={page}",
        "--self-contained-html",
        "-p",
        "no:cacheprovider",
    )
    assert result.ret == 1, result.stdout.str()
    extras = _extras(page)
    [failing] = [k for k in extras if "length_matches_input" in k]
    wavs = sorted((pytester.path / "failures").glob("*.wav"))
    contents = [_content(e) for e in extras[failing]]
    assert any('<audio controls src="data:audio/wav;base64,' in c for c in contents), contents
    assert any(c.startswith("audiocontract replay ") for c in contents), contents
    assert wavs and any(w.name in c for w in wavs for c in contents)  # the input the message names
    benches = [k for k in extras if "::bench::" in k]
    assert benches and all(any("RTF ↓" in str(e.get("content")) for e in extras[k]) for k in benches)
    [claim] = [k for k in extras if "::claims::rtf" in k]
    [shown] = [str(e.get("content")) for e in extras[claim]]
    assert "margin (+ headroom)" in shown and "≤ 100" in shown
    passing = [k for k in extras if "::enhance::" in k and k != failing]
    assert passing and not any(extras[k] for k in passing)  # a passing contract carries nothing
