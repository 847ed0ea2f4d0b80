"""A run's figures read from a report.json or a pytest-benchmark save, in one shape.

A `Figure` is one metric of one item of one pack (with its rounds where it has them), keyed
by `(pack, item, metric)`, so `compare` can line up two runs whatever file they came from.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pytest_audiocontract.json_fields import get, number, obj, objs, text
from pytest_audiocontract.json_types import JSON, JSONObject
from pytest_audiocontract.metric_names import EMISSION_METRICS, METRICS

TIME_METRICS = ("time_s", "rtf", "cpu_s", "cpu_rtf")  # timed rounds: an absolute noise floor applies
STREAM_KEYS = ("first_token_latency_ms", "finalize_latency_ms", "partial_update_rate_hz", *EMISSION_METRICS)


def measured_by_clock(metric: str) -> bool:
    """Timing figures move with the machine's load; the rest (quality, memory) are exact."""
    return metric in TIME_METRICS or metric in STREAM_KEYS


@dataclass(frozen=True)
class Figure:
    pack: str
    item: str
    metric: str
    value: float
    higher_is_better: bool
    rounds: tuple[float, ...] = ()
    seconds_per_unit: float = 1.0  # seconds of processing per unit of value (rtf: audio s)
    machine: str = ""  # the machine fingerprint a timing figure was measured on ("" unknown)


@dataclass
class Run:
    source: Path
    status: str = "complete"  # a report's status: complete, interrupted, incomplete, running
    devices: set[str] = field(default_factory=set)
    figures: dict[tuple[str, str, str], Figure] = field(default_factory=dict)

    def add(self, figure: Figure) -> None:
        self.figures[(figure.pack, figure.item, figure.metric)] = figure


def higher_is_better(metric: str) -> bool:
    info = METRICS.get(metric)
    return info.higher_is_better if info else False


def load_run(path: Path) -> Run:
    """Read a report.json (schema pytest-audiocontract/report) or a pytest-benchmark save."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: cannot be read as JSON ({exc})") from None
    try:
        if isinstance(data, dict) and data.get("schema") == "pytest-audiocontract/report":
            from pytest_audiocontract.results.report import load_report

            return _from_report(path, load_report(path))
        if isinstance(data, dict) and "benchmarks" in data and "machine_info" in data:
            return _from_benchmark_save(path, obj(data))
    except (KeyError, TypeError, AttributeError, ZeroDivisionError) as exc:
        raise ValueError(
            f"{path}: malformed ({type(exc).__name__}: {exc}); was it edited by hand or cut short? "
            "Re-run the benchmarks to write it again"
        ) from None
    raise ValueError(
        f"{path}: neither a report.json (--audiocontract-report) nor a "
        "pytest-benchmark save (--benchmark-save)"
    )


def _item(record: Mapping[str, object]) -> str:
    label = f"{record['surface']}/{record['input']}"
    variant, device = record.get("variant"), record.get("device")
    if variant and variant != "default":
        label += f"/{variant}"
    return label + (f"@{device}" if device and device != "cpu" else "")


def _from_report(path: Path, data: JSONObject) -> Run:
    run = Run(path, status=str(data.get("status", "complete")))
    if get(data, "run", "device"):
        run.devices.add(text(get(data, "run", "device")))
    for env in objs(data.get("environments")):  # a merged report: every input's machine
        if env.get("fingerprint"):
            run.devices.add(text(env["fingerprint"]))
    for pack, found in obj(data.get("packs")).items():
        for b in objs(get(obj(found), "benchmarks")):
            if "stats_s" not in b:
                continue
            run.devices.add(str(b.get("device_fingerprint")))
            audio_s = number(b.get("audio_seconds")) or 0.0
            # its own device fingerprint, else the machine its merged input ran on (merge.py)
            machine = text(b.get("device_fingerprint") or b.get("fingerprint"))
            _add_timing(run, pack, _item(b), _rounds(b["rounds_s"]), audio_s, machine=machine)
            if b.get("cpu_rounds_s"):
                _add_timing(
                    run, pack, _item(b), _rounds(b["cpu_rounds_s"]), audio_s, ("cpu_s", "cpu_rtf"), machine
                )
            _add_values(run, pack, _item(b), obj(b.get("quality")))
            _add_values(run, pack, _item(b), {"peak_rss_mb": b.get("peak_rss_mb")})
            stream, paced = obj(get(b, "streaming", "unpaced")), obj(get(b, "streaming", "paced"))
            _add_values(run, pack, _item(b) + "/stream", {k: stream.get(k) for k in STREAM_KEYS})
            _add_values(run, pack, _item(b) + "/paced", {k: paced.get(k) for k in EMISSION_METRICS})
        for c in objs(get(obj(found), "claims")):
            measured = c.get("measured")
            if isinstance(measured, (int, float)):
                item = f"claim {c['surface']}/{c.get('dataset') or 'synthetic'}"
                metric = text(c["metric"])
                run.add(Figure(pack, item, metric, float(measured), higher_is_better(metric)))
    return run


def _from_benchmark_save(path: Path, data: JSONObject) -> Run:
    """A pytest-benchmark save (--benchmark-save): its own JSON, read as pytest-benchmark writes it."""
    run = Run(path)
    for bench in objs(data["benchmarks"]):
        extra = obj(bench.get("extra_info"))
        pack = text(extra.get("pack") or bench.get("group") or "-")
        item = f"{extra['surface']}/{extra['input']}" if "surface" in extra else text(bench["name"])
        if extra.get("device_fingerprint"):
            run.devices.add(text(extra["device_fingerprint"]))
        stats = obj(bench.get("stats"))
        rounds = _rounds(stats.get("data") or [stats["median"]])
        _add_timing(run, pack, item, rounds, number(extra.get("audio_seconds")) or 0.0)
        _add_values(
            run,
            pack,
            item,
            {k: v for k, v in extra.items() if k in METRICS and k not in ("rtf", "peak_rss_mb")},
        )
    if not run.devices:
        machine = obj(data["machine_info"])
        cpu = obj(machine.get("cpu"))
        run.devices.add(f"cpu: {cpu.get('brand_raw', machine.get('processor'))}")
    return run


def _rounds(value: JSON) -> list[float]:
    """Seconds per round; TypeError (a malformed file, said as such by load_run) unless numbers."""
    if not isinstance(value, list) or not all(number(v) is not None for v in value):
        raise TypeError(f"rounds {value!r:.80} should be a list of numbers")
    return [float(v) for v in value if isinstance(v, (int, float))]


def _add_timing(
    run: Run,
    pack: str,
    item: str,
    rounds: list[float],
    audio_s: float,
    names: tuple[str, str] = ("time_s", "rtf"),
    machine: str = "",
) -> None:
    seconds, per_audio_second = names
    run.add(
        Figure(pack, item, seconds, float(statistics.median(rounds)), False, tuple(rounds), machine=machine)
    )
    if audio_s > 0:
        rtfs = tuple(t / audio_s for t in rounds)
        run.add(
            Figure(
                pack,
                item,
                per_audio_second,
                float(statistics.median(rtfs)),
                False,
                rtfs,
                seconds_per_unit=audio_s,
                machine=machine,
            )
        )


def _add_values(run: Run, pack: str, item: str, values: Mapping[str, object]) -> None:
    for metric, value in values.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            run.add(Figure(pack, item, metric, float(value), higher_is_better(metric)))
