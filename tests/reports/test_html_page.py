"""report.html from a small synthetic report.json: leaderboards with units, direction and the
best value marked, reference packs apart, claims with margins, problems grouped by reason with
their fix, errors kept out of figure columns, fixed-point numbers, figures when matplotlib is
there and a note when it is not. Expectations are computed from the fixture, not typed in."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from page_parser import Page

from pytest_audiocontract.render import svg_figure
from pytest_audiocontract.render.board import is_reference
from pytest_audiocontract.render.html import render_html
from pytest_audiocontract.render.numbers import fixed
from pytest_audiocontract.render.plots import pareto

FIXTURE = Path(__file__).parent / "data" / "synthetic_report.json"
SCIENTIFIC = re.compile(r"\d[eE][-+]?\d")


@pytest.fixture
def data() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(FIXTURE.read_text())
    return loaded


@pytest.fixture
def tables_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(svg_figure, "available", lambda: False)


def _benches(data: dict[str, Any], surface: str) -> list[dict[str, Any]]:
    return [
        b
        for p in data["packs"].values()
        for b in p["benchmarks"]
        if b.get("surface") == surface and "rtf" in b
    ]


@pytest.mark.usefixtures("tables_only")
def test_a_declared_role_places_a_pack_whatever_its_id(data: dict[str, Any]) -> None:
    data["packs"]["fast_asr"]["role"] = "reference"  # as record_roles writes a claims.yaml role
    data["packs"]["reference_asr"]["role"] = "model"
    page = Page(render_html(data))
    apart = {r[0].text for t in page.in_section("reference") for r in t.rows}
    ranked = {r[0].text for t in page.in_section("surface-asr") for r in t.rows}
    assert "fast_asr" in apart and "fast_asr" not in ranked
    assert "reference_asr" in ranked and "reference_asr" not in apart
    assert "noop" in apart  # no role recorded: recognised by its id


@pytest.mark.usefixtures("tables_only")
def test_each_surface_ranks_its_real_packs_with_units_direction_and_the_best_marked(
    data: dict[str, Any],
) -> None:
    page = Page(render_html(data))
    for surface in ("asr", "asr_stream"):
        [board] = page.in_section(f"surface-{surface}")
        real = [b for b in _benches(data, surface) if not is_reference(b["pack"])]
        assert sorted(r[0].text for r in board.rows) == sorted(b["pack"] for b in real)
        wer, rtf = board.column("WER % ↓"), board.column("RTF ↓")
        assert board.column("peak RSS MB ↓") > rtf
        scored = [b for b in real if "wer" in b["quality"]]
        best_wer = min(scored, key=lambda b: b["quality"]["wer"])["pack"]
        fastest = min(real, key=lambda b: b["rtf"])["pack"]
        assert [r[0].text for r in board.rows if "best" in r[wer].classes] == [best_wer]
        assert [r[0].text for r in board.rows if "best" in r[rtf].classes] == [fastest]
        assert board.rows[0][0].text == best_wer  # ranked on quality first
        shown = float(board.row(best_wer)[wer].text)
        assert shown == pytest.approx(100 * min(b["quality"]["wer"] for b in scored), rel=1e-2)


@pytest.mark.usefixtures("tables_only")
def test_the_glance_table_names_the_leaders(data: dict[str, Any]) -> None:
    page = Page(render_html(data))
    [glance] = page.in_section("glance")
    row = next(r for r in glance.rows if r[0].text == "asr")
    real = [b for b in _benches(data, "asr") if not is_reference(b["pack"])]
    assert row[1].text.startswith(
        min((b for b in real if "wer" in b["quality"]), key=lambda b: b["quality"]["wer"])["pack"]
    )
    assert row[2].text.startswith(min(real, key=lambda b: b["rtf"])["pack"])


@pytest.mark.usefixtures("tables_only")
def test_reference_and_noop_packs_have_their_own_section(data: dict[str, Any]) -> None:
    page = Page(render_html(data))
    ranked = {r[0].text for t in page.tables if t.section.startswith("surface-") for r in t.rows}
    assert not {p for p in ranked if is_reference(p)}
    apart = {r[0].text for t in page.in_section("reference") for r in t.rows}
    expected = {
        b["pack"]
        for p in data["packs"].values()
        for b in p["benchmarks"]
        if "rtf" in b and is_reference(b["pack"])
    }
    assert apart == expected and {"noop", "reference_asr"} <= apart
    assert page.sections.index("reference") > max(
        page.sections.index(s) for s in page.sections if s.startswith("surface-")
    )


@pytest.mark.usefixtures("tables_only")
def test_no_scientific_notation_and_no_error_text_in_figure_columns(data: dict[str, Any]) -> None:
    page = Page(render_html(data))
    for table in page.tables:
        for row in table.rows:
            for cell in row:
                assert not SCIENTIFIC.search(cell.text), (table.section, cell.text)
    for table in page.in_section("surface-asr") + page.in_section("reference"):
        assert not any("Error" in c.text for row in table.rows for c in row[1:])
    [error] = [
        e
        for p in data["packs"].values()
        for b in p["benchmarks"]
        for k, e in b.get("quality", {}).items()
        if k.endswith("_error")
    ]
    assert error in render_html(data).split('id="errors"')[1]  # listed under Errors, once


@pytest.mark.usefixtures("tables_only")
def test_claims_show_measured_claimed_margin_and_outcome(data: dict[str, Any]) -> None:
    page = Page(render_html(data))
    [claims] = page.in_section("claims")
    expected = [c for p in data["packs"].values() for c in p["claims"] if "metric" in c]
    assert len(claims.rows) == len(expected)
    margin, result = claims.column("margin"), claims.column("result")
    for row in claims.rows:
        assert ("outcome-failed" in row[result].classes) == (row[result].text == "failed")
        assert (float(row[margin].value or 0) < 0) == (row[result].text == "failed")
    assert claims.rows[0][result].text == "failed"  # failures first
    wer_row = next(r for r in claims.rows if r[claims.column("metric")].text == "WER % ↓")
    assert wer_row[claims.column("measured")].text.endswith(" %")


@pytest.mark.usefixtures("tables_only")
def test_skips_and_failures_are_grouped_by_reason_with_the_fixing_command(data: dict[str, Any]) -> None:
    page = Page(render_html(data))
    [problems] = page.in_section("problems")
    skipped = [e for e in data["packs"]["gpu_asr"]["contracts"] + data["packs"]["gpu_asr"]["benchmarks"]]
    [gpu] = [r for r in problems.rows if r[2].text == "gpu_asr"]
    assert gpu[0].text == "skipped" and int(gpu[3].text) == len(skipped)
    assert (
        "pip install -r model_packs/gpu_asr/requirements.txt" in gpu[4].text
        and "tox -e random-gpu_asr" in gpu[4].text
    )
    [failed] = [r for r in problems.rows if r[0].text == "failed"]
    assert failed[1].text.startswith("ContractViolation") and "audiocontract replay" in failed[4].text
    assert problems.rows[0][0].text == "failed"


def test_figures_are_matplotlib_svg_with_full_labels_in_titles(data: dict[str, Any]) -> None:
    pytest.importorskip("matplotlib", reason="matplotlib is not installed: pip install matplotlib")
    html = render_html(data)
    svgs = re.findall(r"<svg .*?</svg>", html, flags=re.S)
    assert svgs and all('style="width:100%;height:auto"' in s and "viewBox" in s for s in svgs)
    assert not re.search(r'<svg[^>]* width="', html)  # the page sizes them
    ids = re.findall(r' id="([^"]+)"', "".join(svgs))
    assert len(ids) == len(set(ids))
    long = "middle_asr_with_a_very_long_pack_name"
    assert f"<title>{long}</title>" in html
    page = Page(html)
    assert any(t.endswith("…") and long.startswith(t[:-1]) for t in page.svg_texts)
    assert not [t for t in page.svg_texts if SCIENTIFIC.search(t)]
    assert {"Pareto front", "p50", "p99", "first token", "finalize"} <= set(page.svg_texts)


def test_without_matplotlib_the_page_is_tables_and_says_how_to_get_figures(
    data: dict[str, Any], tables_only: None
) -> None:
    html = render_html(data)
    assert "<svg" not in html and "pip install matplotlib" in html
    assert Page(html).in_section("surface-asr")


def test_while_running_the_page_waits_for_the_end_to_draw(data: dict[str, Any]) -> None:
    html = render_html({**data, "status": "running"})
    assert "<svg" not in html and "figures come when it ends" in html


@pytest.mark.usefixtures("tables_only")
def test_a_comparison_recorded_in_the_report_shows_its_changes(data: dict[str, Any]) -> None:
    compared = copy.deepcopy(data)
    compared["comparisons"] = [
        {
            "title": "compare old/report.json -> this run",
            "changes": [
                {
                    "pack": "fast_asr",
                    "item": "asr/speech_en",
                    "metric": "wer",
                    "old": 0.2,
                    "new": 0.31,
                    "change_pct": 55.0,
                    "verdict": "REGRESSION",
                },
                {
                    "pack": "fast_asr",
                    "item": "asr/speech_en",
                    "metric": "rtf",
                    "old": 0.06,
                    "new": 0.05,
                    "change_pct": -16.7,
                    "verdict": "better (indicative)",
                },
            ],
        }
    ]
    page = Page(render_html(compared))
    [changes] = page.in_section("changes")
    assert changes.rows[0][changes.column("verdict")].text == "REGRESSION"
    assert changes.rows[0][changes.column("metric")].text == "WER % ↓"
    assert changes.rows[0][changes.column("new")].text == fixed(31.0)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_fixed_point_never_writes_an_exponent(value: float) -> None:
    assert not SCIENTIFIC.search(fixed(value))


def test_the_pareto_front_keeps_only_points_nothing_beats_on_both() -> None:
    points = [("slow_good", 1.0, 0.05), ("fast_bad", 0.1, 0.3), ("dominated", 0.5, 0.4), ("mid", 0.3, 0.1)]
    front = pareto(points, higher_is_better=False)
    for label, x, y in points:
        beaten = any(ox <= x and oy <= y and (ox, oy) != (x, y) for _, ox, oy in points)
        assert ((label, x, y) in front) == (not beaten)
    assert [p[1] for p in front] == sorted(p[1] for p in front)
