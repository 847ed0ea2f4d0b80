"""The worker process: loads one pack's model and answers calls on it until told to stop.

Started with multiprocessing's `spawn` method: a fresh interpreter, so no mutex held by another
thread of the test process (a runtime's thread pool, a logging lock) is copied in locked.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import signal
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from pytest_audiocontract.isolation import wire
from pytest_audiocontract.isolation.children import end_descendants
from pytest_audiocontract.isolation.usage import resident_now_mb, usage
from pytest_audiocontract.isolation.wire import Simple, SurfaceFacts, portable_error

if TYPE_CHECKING:
    from pytest_audiocontract.spec.model import PackSpec

# Signals the test process sends before killing a hung worker: dump every thread's stack.
DUMP_SIGNAL = signal.SIGUSR1
_SIMPLE = (bool, int, float, str, type(None))


def serve(conn: Connection, spec: PackSpec, variant: str, device: str, fault_file: str) -> None:
    """Load the model, send Ready(facts, baseline MB) or LoadFailed(exc), then answer calls.

    The baseline is the worker's resident memory before the model loads: the interpreter and
    the harness, which every pack's worker pays for alike.
    """
    from pytest_audiocontract.packs.loading import load_model

    # Its own process group: what the adapter starts can be ended with it, even after a crash.
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)
    with open(fault_file, "w") as faults:
        faulthandler.enable(faults, all_threads=True)
        faulthandler.register(DUMP_SIGNAL, faults, all_threads=True)
        _exit_with_parent(os.getppid())
        baseline_mb = resident_now_mb()
        try:
            model: object = load_model(spec, variant, device)
        except Exception as exc:
            conn.send(wire.LoadFailed(portable_error(exc)))
            return
        conn.send(wire.Ready(surface_facts(model), baseline_mb))
        try:
            _answer(conn, model)
        finally:
            end_descendants()  # the adapter's helper processes end with their worker


def _answer(conn: Connection, model: object) -> None:
    # Streams stay after close(): calls on a closed stream must reach it (it raises RuntimeError).
    streams: dict[int, object] = {}
    while True:
        try:
            message: wire.Request = conn.recv()
        except EOFError:
            return
        if isinstance(message, wire.Stop):
            return
        if isinstance(message, wire.AskUsage):  # CPU seconds and memory of this process, between calls
            conn.send(wire.UsageReport(usage()))
            continue
        assert isinstance(message, wire.Call)
        start = time.perf_counter()
        try:
            target = model if message.handle is None else streams[message.handle]
            value: object = getattr(target, message.method)(*message.args, **message.kwargs)
        except Exception as exc:
            conn.send(wire.Raised(portable_error(exc), time.perf_counter() - start))
            continue
        seconds = time.perf_counter() - start
        if message.handle is None and message.method == "start_stream":
            streams[id(value)] = value
            conn.send(wire.Opened(id(value), seconds))
            continue
        try:
            conn.send(wire.Returned(value, seconds))
        except Exception as exc:
            problem = TypeError(
                f"{message.method} returned {type(value).__name__}, "
                f"which cannot be sent to the test process: {exc}"
            )
            conn.send(wire.Raised(portable_error(problem), seconds))


def surface_facts(model: object) -> SurfaceFacts:
    """The model's public methods, and its public attributes of simple types (with values)."""
    methods: list[str] = []
    attrs: dict[str, Simple | list[Simple] | tuple[Simple, ...]] = {}
    for name in dir(model):
        if name.startswith("_"):
            continue
        try:
            value: object = getattr(model, name)
        except Exception:
            continue
        if callable(value):
            methods.append(name)
        elif isinstance(value, _SIMPLE) or (
            isinstance(value, (tuple, list)) and all(isinstance(v, _SIMPLE) for v in value)
        ):
            attrs[name] = value
    return {"methods": methods, "attrs": attrs}


def _exit_with_parent(parent: int) -> None:
    """A worker outlives no test process, even one killed with SIGKILL."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        end_descendants()
        os._exit(70)

    threading.Thread(target=watch, name="audiocontract-parent-watch", daemon=True).start()


def fault_frames(path: Path, limit: int = 8) -> list[str]:
    """The frames faulthandler wrote for the model's call, innermost first (none if it wrote none)."""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return []
    for block in text.split("\n\n"):
        lines = [line.strip() for line in block.splitlines() if line.strip().startswith("File ")]
        inside = [i for i, line in enumerate(lines) if line.endswith(" in _answer")]
        if inside:
            return lines[: inside[0]][:limit]
    return []
