"""pytest-html extras for the pack items: a benchmark's figures, a claim's measured and claimed
values with the margin, and a failing contract's saved input (playable) with its replay command.

Registered by plugin.py only when pytest-html's plugin is active; pytest_html is imported only
here, inside the hook."""

from __future__ import annotations

import base64
import re
from collections.abc import Generator, Mapping
from pathlib import Path

import pluggy
import pytest

from pytest_audiocontract.item_key import key_of
from pytest_audiocontract.render.html_cells import esc
from pytest_audiocontract.render.metric_display import display
from pytest_audiocontract.render.numbers import fixed, signed
from pytest_audiocontract.results.records import records_of

_SAVED = re.compile(r"failing input saved: (\S+)")
_REPLAY = re.compile(r"replay it: (audiocontract replay \S+ --pack \S+)")
EMBED_LIMIT_BYTES = 2_000_000  # a longer input is linked, not embedded in the page


class HtmlExtras:
    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pluggy.Result[pytest.TestReport], None]:
        outcome = yield
        report: pytest.TestReport = outcome.get_result()
        key = key_of(report)
        if report.when != "call" or key is None or key.kind not in ("contract", "claim", "benchmark"):
            return
        found = extras_for(report)
        if found:
            report.extras = [*getattr(report, "extras", []), *found]  # type: ignore[attr-defined]


def extras_for(report: pytest.TestReport) -> list[dict[str, object]]:
    from pytest_html import extras

    found = []
    for record in records_of(report):
        if record.get("kind") == "benchmark":
            found.append(extras.html(benchmark_html(record)))
        elif record.get("kind") == "claim":
            found.append(extras.html(claim_html(record)))
    if report.failed:
        text = str(report.longreprtext or "")
        for saved in dict.fromkeys(_SAVED.findall(text)):
            found.append(extras.html(input_html(Path(saved))))
        for command in dict.fromkeys(_REPLAY.findall(text)):
            found.append(extras.text(command, name="replay command"))
    return found


def _table(rows: list[tuple[str, str]]) -> str:
    body = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows)
    return f'<table class="audiocontract">{body}</table>'


def benchmark_html(record: Mapping[str, object]) -> str:
    seconds = record.get("audio_seconds")
    seconds = seconds if isinstance(seconds, int | float) else 0.0
    rows = [("input", f"{record.get('input')} ({fixed(float(seconds))} s of audio)")]
    for metric in ("rtf", "cpu_rtf", "peak_rss_mb"):
        value = record.get(metric)
        if isinstance(value, (int, float)):
            shown = display(metric)
            rows.append((shown.heading, f"{fixed(value * shown.scale)} {shown.unit}".strip()))
    quality = record.get("quality")
    for metric, value in sorted(quality.items() if isinstance(quality, dict) else []):
        if isinstance(value, (int, float)):
            shown = display(metric)
            rows.append((shown.heading, f"{fixed(value * shown.scale)} {shown.unit}".strip()))
        elif metric.endswith("_error"):
            rows.append((f"{metric.removesuffix('_error')} not computed", str(value)))
    return f"<p>benchmark {esc(record.get('pack'))} / {esc(record.get('surface'))}</p>{_table(rows)}"


def claim_html(record: Mapping[str, object]) -> str:
    shown = display(str(record.get("metric")))
    unit = f" {shown.unit}" if shown.unit else ""
    measured, claimed = record.get("measured"), record.get("claimed")
    rows = [("metric", shown.heading), ("on", str(record.get("dataset") or "synthetic"))]
    if isinstance(measured, (int, float)) and isinstance(claimed, (int, float)):
        bound = "≤" if record.get("bound") == "max" else "≥"
        margin = (claimed - measured if record.get("bound") == "max" else measured - claimed) * shown.scale
        rows += [
            ("measured", f"{fixed(measured * shown.scale)}{unit}"),
            ("claimed", f"{bound} {fixed(claimed * shown.scale)}{unit}"),
            ("margin (+ headroom)", f"{signed(margin)}{unit}"),
        ]
    return f"<p>claim {esc(record.get('pack'))} / {esc(record.get('surface'))}</p>{_table(rows)}"


def input_html(path: Path) -> str:
    """The saved failing input: an audio player for a WAV (embedded when small), else its path."""
    if path.suffix == ".wav" and path.is_file():
        if path.stat().st_size <= EMBED_LIMIT_BYTES:
            data = base64.b64encode(path.read_bytes()).decode("ascii")
            source = f"data:audio/wav;base64,{data}"
        else:
            source = path.resolve().as_uri()
        return f'<p>failing input: {esc(path)}</p><audio controls src="{source}"></audio>'
    return f"<p>failing input saved: {esc(path)}</p>"
