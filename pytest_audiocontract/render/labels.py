"""What each figure was measured on, and a claim's figures with their units.

The same pack's RTF is measured on different inputs by a benchmark (one input: a 1 s or 10 s
synthetic burst, or a dataset as a whole) and by a claim (its own inputs: synthetic bursts of
several lengths, or its dataset); every table names which, so two RTFs are never read as one."""

from __future__ import annotations

import re

from pytest_audiocontract.json_fields import get, number, obj, text
from pytest_audiocontract.json_types import JSONObject
from pytest_audiocontract.render.metric_display import display
from pytest_audiocontract.render.numbers import fixed, plain

_BURST = re.compile(r"burst(\d+(?:\.\d+)?)s")  # bench/inputs.py names its synthetic bursts so


def bench_input(record: JSONObject) -> str:
    """A benchmark's input, e.g. "burst10s (10 s synthetic burst)", "librispeech (dataset, 12.3 s)"."""
    name = text(record.get("input"), "?")
    seconds = number(record.get("audio_seconds"))
    if _BURST.fullmatch(name):
        return f"{name} ({plain(seconds or 0)} s synthetic burst)"
    if name == "texts":
        return "texts (built-in sentences)"
    return f"{name} (dataset, {fixed(seconds)} s)" if seconds else f"{name} (dataset)"


def claim_input(record: JSONObject) -> str:
    """The inputs a claim was measured on (the claim gate says which), else its dataset."""
    inputs = get(record, "details", "inputs")
    if inputs:
        return text(inputs)
    dataset = record.get("dataset")
    return f"dataset {dataset}" if dataset else "synthetic"


def claim_options(record: JSONObject) -> list[str]:
    """The options a claim's metric was measured under (der's collar and overlap)."""
    details = obj(record.get("details"))
    collar = number(details.get("collar_s"))
    options = [f"collar {plain(collar)} s"] if collar else []
    return options + (["no overlap"] if details.get("skip_overlap") else [])


def claim_metric(record: JSONObject) -> str:
    """The metric with the options it was measured under (der's collar and overlap)."""
    options = claim_options(record)
    metric = text(record.get("metric"))
    return f"{metric} ({', '.join(options)})" if options else metric


def claim_values(record: JSONObject) -> tuple[str, str]:
    """(measured, claimed) in the metric's display unit, e.g. ("12.3 %", "<= 15 %")."""
    shown = display(text(record.get("metric")))
    unit = f" {shown.unit}" if shown.unit else ""
    sign = "<=" if record.get("bound") == "max" else ">="

    measured, claimed = number(record.get("measured")), number(record.get("claimed"))
    return (
        "–" if measured is None else fixed(measured * shown.scale) + unit,
        f"{sign} {'–' if claimed is None else plain(claimed * shown.scale) + unit}",
    )
