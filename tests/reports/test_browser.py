"""report.html in headless Chromium at 1000, 1400 and 1900 px: no console error, no text
wider than its element or outside its figure, sorting by a header reorders the rows; the
screenshots go to reports/browser/ for a person to look at."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from browser import OVERFLOW_JS, chromium_driver

from pytest_audiocontract.render.html import render_html

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


@pytest.mark.slow
def test_report_renders_fits_and_sorts_in_chromium(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason="matplotlib is not installed: pip install matplotlib")
    page = tmp_path / "report.html"
    page.write_text(render_html(json.loads(FIXTURE.read_text())), encoding="utf-8")
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
