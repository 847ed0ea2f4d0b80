"""The board's figures that only a claim measured: a quality or speed (rtf, cpu_rtf) metric
that no benchmark of the pack measured, such as a corpus metric a benchmark cannot compute
item by item (der, cpwer, dnsmos) or any figure of a pack run without benchmarks. Each goes
in a column of its own, labelled with what the claim measured it on (its dataset or inputs,
and its options), so it is never mixed with a figure measured on other audio."""

from __future__ import annotations

from pytest_audiocontract.json_fields import any_number, number, obj, objs, text
from pytest_audiocontract.json_types import JSONObject
from pytest_audiocontract.metric_names import METRICS
from pytest_audiocontract.render.labels import claim_input, claim_options

# How a claim metric is measured (MetricInfo.measured_by) -> the board's column kind. Stream
# and memory figures come from the benchmarks, which measure them on the board's inputs.
KINDS = {"reference": "quality", "rounds": "speed"}
BENCHMARK_SPEED = ("rtf", "cpu_rtf")


def claim_kind(metric: str) -> str | None:
    """ "quality", "speed", or None for a metric the board takes from benchmarks only. The
    reference metrics of asr_stream alone (metrics/emission.py: when streamed words arrive
    against their reference timings) are no output quality: the emission table shows them."""
    info = METRICS.get(metric)
    if info is None or (info.measured_by == "reference" and info.surfaces == ("asr_stream",)):
        return None
    return KINDS.get(info.measured_by)


def claim_records(data: JSONObject) -> list[JSONObject]:
    """Every claim record holding a measured figure of a quality or speed metric, whatever
    its outcome (a failed claim's figure is still what was measured)."""
    return [
        claim
        for _, found in sorted(obj(data.get("packs")).items())
        for claim in objs(obj(found).get("claims"))
        if claim_kind(text(claim.get("metric"))) and number(claim.get("measured")) is not None
    ]


def claim_where(claim: JSONObject) -> str:
    """What a claim measured its figure on, with its options: "dataset conversations, collar
    0.5 s, no overlap", "synthetic bursts of 2/5/10 s at 16000 Hz"."""
    return ", ".join([claim_input(claim), *claim_options(claim)])


def benchmark_metrics(record: JSONObject) -> set[str]:
    """The quality and speed metrics a benchmark record measured: finite quality figures (an
    error text such as `der_error` measured nothing) and its RTFs (infinite ones included)."""
    found = {metric for metric, value in obj(record.get("quality")).items() if number(value) is not None}
    return found | {metric for metric in BENCHMARK_SPEED if any_number(record.get(metric)) is not None}
