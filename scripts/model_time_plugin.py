"""A pytest plugin for scripts/main_job_timing.py: seconds spent inside model calls, per process.

Loaded with `-p model_time_plugin` (scripts/ on PYTHONPATH). Every model the harness loads in
this process gets its surface methods, and its streams' methods, timed with
`time.perf_counter` (wall) and `time.process_time` (this process's CPU, all its threads); a
call made inside another timed call (a pipeline's step models) counts once, in the outer one.
At the end the process writes its totals, with its own CPU seconds since it started
(`process_cpu_s`), to $AUDIOCONTRACT_MODEL_TIME_DIR/<pid>.json. What remains is the harness's
share (Hypothesis, collection, reports, metrics, pytest itself). Under xdist the CPU figures
add up across processes where wall seconds do not (two workers' walls overlap), and a loaded
machine stretches wall seconds but not CPU seconds. Models loaded in the memory probe's worker
processes run no plugin: their seconds are in neither figure.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest_audiocontract.packs.loading as loading

METHODS = (
    "transcribe",
    "enhance",
    "separate",
    "embed",
    "detect_speech",
    "diarize",
    "classify",
    "transcribe_notes",
    "synthesize",
    "start_stream",
)
STREAM_METHODS = ("push_audio", "flush", "finalize", "close")
totals = {"model_s": 0.0, "model_cpu_s": 0.0, "calls": 0, "loads": 0, "load_s": 0.0}
_depth = [0]  # timed calls in progress: only the outermost one counts


def _timed(fn: Callable[..., Any], wrap_result: bool) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        start, start_cpu = time.perf_counter(), time.process_time()
        _depth[0] += 1
        try:
            result = fn(*args, **kwargs)
        finally:
            _depth[0] -= 1
            if _depth[0] == 0:
                totals["model_s"] += time.perf_counter() - start
                totals["model_cpu_s"] += time.process_time() - start_cpu
                totals["calls"] += 1
        if wrap_result:
            _wrap(result, STREAM_METHODS, wrap_result=False)
        return result

    return timed


def _wrap(obj: Any, names: tuple[str, ...], *, wrap_result: bool) -> None:
    for name in names:
        method = getattr(obj, name, None)
        if callable(method):
            # An instance attribute shadows the method; type(obj) stays what it was.
            with contextlib.suppress(AttributeError, TypeError):
                setattr(obj, name, _timed(method, wrap_result and name == "start_stream"))


_real_load = loading.load_model


def _load(*args: Any, **kwargs: Any) -> Any:
    start = time.perf_counter()
    model = _real_load(*args, **kwargs)
    totals["load_s"] += time.perf_counter() - start
    totals["loads"] += 1
    _wrap(model, METHODS, wrap_result=True)
    return model


loading.load_model = _load


def pytest_unconfigure(config: Any) -> None:
    folder = os.environ.get("AUDIOCONTRACT_MODEL_TIME_DIR")
    if folder:
        record = {**totals, "process_cpu_s": time.process_time()}
        Path(folder, f"{os.getpid()}.json").write_text(json.dumps(record))
