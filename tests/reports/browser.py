"""Headless Chromium for the browser test: Debian's chromium and chromium-driver, through
Selenium. `chromium_driver()` skips (naming the install command) when any part is missing."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

INSTALL = "apt-get install -y chromium chromium-driver && pip install selenium (scripts/install.sh does both)"

# Elements whose text must fit them, and the <text> of each figure, which must lie inside its
# <svg>: both checked in the page as laid out at the window's width.
OVERFLOW_JS = """
const found = [];
for (const el of document.querySelectorAll("td,th,p,h1,h2,h3,li,code,summary,.leader,.figures>div")) {
  if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) {
    const text = el.textContent.trim().slice(0, 80);
    found.push(el.tagName + ": " + text + " (" + el.scrollWidth + " > " + el.clientWidth + ")");
  }
}
for (const svg of document.querySelectorAll("svg.figure")) {
  const box = svg.getBoundingClientRect();
  for (const text of svg.querySelectorAll("text")) {
    const r = text.getBoundingClientRect();
    if (r.width === 0) continue;
    const outside = r.left < box.left - 1 || r.right > box.right + 1;
    if (outside || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
      found.push("svg text outside its figure: " + text.textContent);
    }
  }
}
if (document.documentElement.scrollWidth > window.innerWidth + 1) {
  const wide = document.documentElement.scrollWidth;
  found.push("page wider than the window: " + wide + " > " + window.innerWidth);
}
return found;
"""

# Each figure's tick labels, per axis: [aria-label, "x" or "y", [label, ...]] (matplotlib's SVG
# puts a tick's label in its <g id="...-xtick_N"> group; minor ticks have none).
TICKS_JS = """
const found = [];
for (const svg of document.querySelectorAll("svg.figure")) {
  for (const axis of ["x", "y"]) {
    const texts = svg.querySelectorAll(`g[id*="-${axis}tick_"] text`);
    const labels = [...texts].map(t => t.textContent.trim()).filter(t => t);
    found.push([svg.getAttribute("aria-label"), axis, labels]);
  }
}
return found;
"""

# The "At a glance" table's rows as shown: [[surface, best quality, fastest, real packs], ...].
GLANCE_JS = """
let el = document.getElementById("glance");
while (el && !el.matches("div.wrap")) el = el.nextElementSibling;
if (!el) return null;
return [...el.querySelectorAll("tbody tr")].map(r => [...r.children].map(c => c.innerText.trim()));
"""


@contextmanager
def chromium_driver() -> Iterator[Any]:
    webdriver = pytest.importorskip("selenium.webdriver", reason=f"selenium is not installed: {INSTALL}")
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if binary is None or driver_path is None:
        pytest.skip(f"headless Chromium is not installed (chromium and chromedriver on PATH): {INSTALL}")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    from selenium.webdriver.chrome.service import Service

    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()
