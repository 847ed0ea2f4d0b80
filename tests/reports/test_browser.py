"""report.html in headless Chromium at 1000, 1400 and 1900 px: no console error, no text
wider than its element or outside its figure, no tick label repeated along a figure's axis,
"At a glance" naming a best-quality and a fastest real pack for every surface with such a
figure, sorting by a header reorders the rows; the screenshots go to reports/browser/ for a
person to look at. The page is rendered from the synthetic report (tests/reports/data), which
holds a narrow RTF range, a surface measured by claims alone and a surface with one real pack."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from browser import GLANCE_JS, OVERFLOW_JS, TICKS_JS, chromium_driver

from pytest_audiocontract.metric_names import METRICS
from pytest_audiocontract.render.board import is_reference
from pytest_audiocontract.render.html import render_html
from pytest_audiocontract.render.tables import pack_label

# A cell too narrow for its word and a label past its figure's edge: what the check must catch.
PLANTED = (
    "<!DOCTYPE html><html><body><table><tr><td style='width:40px;max-width:40px;white-space:nowrap'>"
    "a_very_long_pack_name_that_cannot_wrap</td></tr></table>"
    "<svg class='figure' viewBox='0 0 100 50' style='width:200px'><text x='90' y='20'>clipped label"
    "</text></svg></body></html>"
)
FIXTURE = Path(__file__).parent / "data" / "synthetic_report.json"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "reports" / "browser"
WIDTHS = (1000, 1400, 1900)


def _first_column(driver: Any, table: Any) -> list[str]:
    rows = table.find_elements("css selector", "tbody tr")
    return [r.find_element("css selector", "th,td").text for r in rows]


def _measured(data: dict[str, Any]) -> dict[tuple[str, str], set[str]]:
    """(surface, "quality" or "speed") -> the real packs with such a figure: a benchmark's
    quality number or RTF, or a claim's measured quality metric or RTF."""
    found: dict[tuple[str, str], set[str]] = {}
    for pack in data["packs"].values():
        for b in pack["benchmarks"]:
            if "stats_s" not in b or is_reference(b["pack"], data):
                continue
            if any(isinstance(v, float) for v in b.get("quality", {}).values()):
                found.setdefault((b["surface"], "quality"), set()).add(pack_label(b))
            if isinstance(b.get("rtf"), float):
                found.setdefault((b["surface"], "speed"), set()).add(pack_label(b))
        for c in pack["claims"]:
            info = METRICS.get(c.get("metric", ""))
            if info is None or c.get("measured") is None or is_reference(c["pack"], data):
                continue
            kind = {"reference": "quality", "rounds": "speed"}.get(info.measured_by)
            if kind and info.surfaces != ("asr_stream",):  # asr_stream-only: emission timings
                found.setdefault((c["surface"], kind), set()).add(pack_label(c))
    return found


def _check_figures_and_glance(driver: Any, data: dict[str, Any]) -> None:
    axes = driver.execute_script(TICKS_JS)
    assert any(label.startswith("vad ") for label, _, _ in axes)  # the narrow RTF range is drawn
    for label, axis, ticks in axes:
        assert len(set(ticks)) == len(ticks), f"{label}: {axis} tick labels repeat: {ticks}"
    rows = {row[0]: row for row in driver.execute_script(GLANCE_JS)}
    for (surface, kind), packs in sorted(_measured(data).items()):
        assert surface in rows, f"At a glance has no row for {surface}, whose {kind} {packs} measured"
        shown = rows[surface][1 if kind == "quality" else 2]
        assert any(shown.startswith(p) for p in packs), (
            f"At a glance, {surface} {kind}: {shown!r}, not {packs}"
        )


@pytest.mark.slow
def test_report_renders_fits_and_sorts_in_chromium(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason="matplotlib is not installed: pip install matplotlib")
    data = json.loads(FIXTURE.read_text())
    page = tmp_path / "report.html"
    page.write_text(render_html(data), encoding="utf-8")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with chromium_driver() as driver:
        for width in WIDTHS:
            driver.set_window_size(width, 1000)
            driver.get(page.as_uri())
            errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
            assert not errors, f"console errors at {width} px: {errors}"
            assert driver.execute_script("return document.querySelectorAll('svg.figure').length") > 0
            overflow = driver.execute_script(OVERFLOW_JS)
            assert not overflow, f"at {width} px: {overflow}"
            if width == WIDTHS[0]:
                _check_figures_and_glance(driver, data)
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(width, min(int(height) + 50, 16000))
            driver.save_screenshot(str(SCREENSHOTS / f"report-{width}.png"))

        planted = tmp_path / "planted.html"
        planted.write_text(PLANTED, encoding="utf-8")
        driver.get(planted.as_uri())
        caught = driver.execute_script(OVERFLOW_JS)
        assert any(c.startswith("TD: a_very_long") for c in caught), caught
        assert any("svg text outside its figure: clipped label" in c for c in caught), caught

        driver.get(page.as_uri())
        table = driver.find_element("css selector", "h2#surface-asr ~ div.wrap table.board")
        headers = table.find_elements("css selector", "thead th")
        [rtf] = [i for i, h in enumerate(headers) if h.text.startswith("RTF")]
        before = _first_column(driver, table)
        values = {
            r.find_element("css selector", "th").text: float(
                r.find_elements("css selector", "td")[rtf - 1].get_attribute("data-v")
            )
            for r in table.find_elements("css selector", "tbody tr")
        }
        headers[rtf].click()
        ascending = _first_column(driver, table)
        assert ascending == sorted(values, key=values.__getitem__) and ascending != before
        headers[rtf].click()
        assert _first_column(driver, table) == ascending[::-1]
        assert headers[rtf].get_attribute("aria-sort") == "descending"
