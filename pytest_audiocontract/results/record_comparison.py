"""`audiocontract compare ... --into DIR` and `ab ... --into DIR`: the changes written into
DIR/report.json (its `comparisons` list, newest last) and DIR's report.md and report.html
rendered again, so the page shows them in its Changes section."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from pytest_audiocontract.json_fields import items
from pytest_audiocontract.json_types import JSON, JSONObject

MAX_KEPT = 5  # the latest comparisons recorded in one report


def add_into_option(add: Callable[..., object], what: str) -> None:
    """`--into DIR` of `compare` and `ab`; `add` is the parser's add_argument, `what` what is recorded."""
    add(
        "--into",
        type=Path,
        metavar="DIR",
        help=f"also record the {what} in DIR/report.json and re-render DIR/report.html (its Changes section)",
    )


def record_comparison(
    folder: Path, title: str, changes: Sequence[Mapping[str, JSON]], note: str = ""
) -> Path:
    """Add one comparison to `folder`/report.json and re-render; ValueError naming the problem."""
    from pytest_audiocontract.redact import scrub
    from pytest_audiocontract.render.html import render_html
    from pytest_audiocontract.render.markdown import render_markdown
    from pytest_audiocontract.results import report_lock
    from pytest_audiocontract.results.report import load_report, write_atomic

    path = folder / "report.json"
    if report_lock.is_held(folder):
        raise ValueError(
            f"--into {folder}: its run is still writing the report; record the changes after it ends"
        )
    try:
        data = load_report(path)
    except OSError as exc:
        raise ValueError(
            f"--into {folder}: cannot read {path} ({exc.strerror or exc}); name a report folder"
        ) from None
    entry: JSONObject = {
        "title": title,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "note": note,
        "changes": [dict(c) for c in changes],
    }
    data["comparisons"] = [*items(data.get("comparisons")), entry][-MAX_KEPT:]
    write_atomic(path, scrub(json.dumps(data, indent=1, default=str)))
    write_atomic(folder / "report.md", scrub(render_markdown(data)))
    write_atomic(folder / "report.html", scrub(render_html(data)))
    return folder / "report.html"
