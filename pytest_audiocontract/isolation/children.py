"""Processes an adapter started (forked, spawned, Popen'd) end with the process that ran it.

A model runtime or an adapter may start helper processes (a server, a multiprocessing pool,
a command). When its worker (`--isolate`) or the test process ends, they must end too:
`end_descendants` finds them through /proc (Linux), asks them to stop (SIGTERM), and kills
those still there after a grace period. Where there is no /proc, nothing is found.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

GRACE_S = 1.0  # how long SIGTERM-ed processes get before SIGKILL
_POLL_S = 0.02


def parent_map() -> dict[int, int]:
    """pid -> parent pid of every process in /proc (empty where there is no /proc)."""
    found: dict[int, int] = {}
    with contextlib.suppress(OSError):
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # ended while being read
            fields = stat.rsplit(")", 1)[-1].split()
            if len(fields) > 1:
                found[int(entry.name)] = int(fields[1])
    return found


def descendants(pid: int) -> list[int]:
    """The living descendants of `pid`, parents before their children."""
    parents = parent_map()
    found: list[int] = []
    frontier = [pid]
    while frontier:
        current = frontier.pop(0)
        children = sorted(p for p, parent in parents.items() if parent == current and p not in found)
        found += children
        frontier += children
    return [p for p in found if _alive(p)]


def end_descendants(pid: int | None = None, keep: set[int] | frozenset[int] = frozenset()) -> list[int]:
    """End every descendant of `pid` (default: this process) but `keep` and theirs; return
    the pids that were ended. Zombie children of this process are reaped."""
    pid = os.getpid() if pid is None else pid
    parents = parent_map()
    kept = set(keep)
    for child in descendants(pid):  # a kept process keeps its own children too
        if parents.get(child) in kept:
            kept.add(child)
    targets = [p for p in descendants(pid) if p not in kept]
    _signal_all(targets, signal.SIGTERM)
    deadline = time.monotonic() + GRACE_S
    while any(_alive(p) for p in targets) and time.monotonic() < deadline:
        _reap(targets)
        time.sleep(_POLL_S)
    _signal_all([p for p in targets if _alive(p)], signal.SIGKILL)
    _reap(targets)
    return targets


def end_group(leader: int) -> None:
    """Kill what is left of the process group `leader` led (a worker's children, even those
    orphaned by its crash)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(leader, signal.SIGKILL)


def _signal_all(pids: list[int], sig: signal.Signals) -> None:
    for target in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(target, sig)


def _reap(pids: list[int]) -> None:
    """Collect those of `pids` that are this process's ended children (no zombie stays); any
    other child (a multiprocessing worker) is left to whoever waits for it."""
    for pid in pids:
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(pid, os.WNOHANG)


def _alive(pid: int) -> bool:
    """Running (a zombie has ended: only its exit status is left)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"
