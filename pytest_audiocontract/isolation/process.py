"""One pack's worker process as the test process drives it: start, call with limits, kill."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import tempfile
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING

from pytest_audiocontract.isolation.children import end_group
from pytest_audiocontract.isolation.crash import PackCrashed, exit_detail
from pytest_audiocontract.isolation.wire import (
    Answer,
    AskUsage,
    Call,
    LoadFailed,
    Opened,
    Raised,
    Ready,
    Reply,
    Request,
    Returned,
    Stop,
    SurfaceFacts,
    Usage,
    UsageReport,
    rebuild_error,
)
from pytest_audiocontract.isolation.worker import DUMP_SIGNAL, fault_frames, serve

if TYPE_CHECKING:
    from pytest_audiocontract.spec.model import PackSpec

_POLL_S = 0.02  # how often a wait looks at the clock and the worker's memory
_DUMP_WAIT_S = 1.0  # time a hung worker gets to write its stack before it is killed


@dataclass(frozen=True)
class IsolationLimits:
    """Per-call limits of a worker: wall-clock seconds, and resident memory in MB (None: none)."""

    timeout_s: float = 300.0
    memory_mb: float | None = None


class WorkerProcess:
    """A spawned process holding one (pack, variant, device) model. `generation` counts starts."""

    def __init__(self, spec: PackSpec, variant: str, device: str, limits: IsolationLimits) -> None:
        self.spec, self.variant, self.device, self.limits = spec, variant, device, limits
        self.generation = 0
        self.facts = SurfaceFacts(methods=[], attrs={})
        self.baseline_rss_mb: float | None = None  # resident MB before the model loaded
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._fault_file: Path | None = None

    @property
    def alive(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def start(self) -> None:
        """Start a worker and wait for its model; load failures re-raise here as the worker saw them."""
        self.stop()
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        handle, name = tempfile.mkstemp(prefix=f"audiocontract-{self.spec.id}-", suffix=".faults")
        os.close(handle)
        self._fault_file = Path(name)
        process = context.Process(
            target=serve,
            name=f"audiocontract-{self.spec.id}",
            args=(child, self.spec, self.variant, self.device, name),
        )
        process.start()
        child.close()
        self._process, self._conn = process, parent
        self.generation += 1
        reply = self._wait("loading the model")
        if isinstance(reply, LoadFailed):
            self.stop()
            raise rebuild_error(reply.error)
        if not isinstance(reply, Ready):
            self.stop()
            raise _unexpected(reply, "loading the model")
        self.facts = reply.facts
        self.baseline_rss_mb = reply.baseline_mb

    def usage(self) -> Usage:
        """The worker's CPU seconds so far and its resident memory now and at peak (MB)."""
        reply = self._ask(AskUsage(), "reading the worker's CPU time and memory")
        if not isinstance(reply, UsageReport):
            raise _unexpected(reply, "the usage request")
        return reply.usage

    def call(
        self,
        handle: int | None,
        method: str,
        args: tuple[object, ...],
        kwargs: dict[str, object],
        call_text: str,
    ) -> Answer:
        """Send one call; return the worker's answer (Returned, Raised or Opened)."""
        reply = self._ask(Call(handle, method, args, kwargs), call_text)
        if not isinstance(reply, (Returned, Raised, Opened)):
            raise _unexpected(reply, call_text)
        return reply

    def _ask(self, request: Request, call_text: str) -> Reply:
        if not self.alive:
            self.start()
        assert self._conn is not None
        self._conn.send(request)
        return self._wait(call_text)

    def stop(self) -> None:
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if conn is not None:
            with contextlib.suppress(OSError, ValueError):
                conn.send(Stop())
            conn.close()
        if process is not None:
            process.join(timeout=2.0)
            if process.is_alive():
                process.kill()
                process.join()
            if process.pid is not None:
                end_group(process.pid)  # its children, even those a crash left behind
        if self._fault_file is not None:
            self._fault_file.unlink(missing_ok=True)
            self._fault_file = None

    def _wait(self, call_text: str) -> Reply:
        assert self._conn is not None and self._process is not None
        deadline = time.monotonic() + self.limits.timeout_s
        while True:
            try:
                ready = self._conn.poll(_POLL_S)
            except (EOFError, OSError):
                ready = True
            if ready:
                try:
                    data = self._conn.recv_bytes()
                except (EOFError, OSError):
                    raise self._died(call_text) from None
                return self._decode(data, call_text)
            if not self._process.is_alive():
                raise self._died(call_text)
            rss = resident_mb(self._process.pid) if self.limits.memory_mb is not None else None
            if rss is not None and self.limits.memory_mb is not None and rss > self.limits.memory_mb:
                raise self._killed(
                    call_text,
                    "memory",
                    f"resident memory reached {rss:.0f} MB, past "
                    f"--pack-memory-limit {self.limits.memory_mb:g} MB",
                )
            if time.monotonic() > deadline:
                raise self._killed(
                    call_text,
                    "timeout",
                    f"no answer within {self.limits.timeout_s:g} s (--pack-timeout)",
                    dump=True,
                )

    def _decode(self, data: bytes, call_text: str) -> Reply:
        try:
            reply: Reply = pickle.loads(data)
        except Exception as exc:
            problem = TypeError(
                f"the answer to {call_text} cannot be read in the test process: {type(exc).__name__}: {exc}"
            )
            return Raised(problem, 0.0)
        return reply

    def _died(self, call_text: str) -> PackCrashed:
        assert self._process is not None
        self._process.join(timeout=5.0)
        kind, detail = exit_detail(self._process.exitcode)
        return self._crash(kind, call_text, detail)

    def _killed(self, call_text: str, kind: str, detail: str, *, dump: bool = False) -> PackCrashed:
        assert self._process is not None and self._process.pid is not None
        if dump:
            os.kill(self._process.pid, DUMP_SIGNAL)
            time.sleep(_DUMP_WAIT_S)
        self._process.kill()
        self._process.join()
        return self._crash(kind, call_text, detail)

    def _crash(self, kind: str, call_text: str, detail: str) -> PackCrashed:
        frames = fault_frames(self._fault_file) if self._fault_file else []
        self.stop()
        error = PackCrashed(self.spec.id, kind, call_text, detail)
        if frames:
            error.add_note("where (innermost first):\n  " + "\n  ".join(frames))
        error.add_note("the worker is restarted for this pack's remaining tests")
        return error


def _unexpected(reply: Reply, call_text: str) -> TypeError:
    return TypeError(
        f"the worker answered {call_text} with {type(reply).__name__}; a harness bug, please report it"
    )


def resident_mb(pid: int | None) -> float | None:
    """Resident memory of process `pid` in MB, from /proc (None where there is no /proc)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None
