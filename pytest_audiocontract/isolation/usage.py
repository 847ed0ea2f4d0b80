"""What a process reads about itself: resident memory now and at its peak (MB), CPU seconds.

The peak is the kernel's high-water mark of this process's own address space (`VmHWM`), which
`exec` starts afresh. `ru_maxrss` would not do in a spawned worker: Linux carries the parent's
high-water mark across the fork (or vfork) and exec that start it, so a worker spawned by a
test process holding 1 GB would report 1 GB before loading anything.
"""

from __future__ import annotations

import resource
import sys
import time

from pytest_audiocontract.isolation.wire import Usage


def _status_mb(field: str) -> float | None:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


def resident_now_mb() -> float:
    """This process's resident set size now, in MB."""
    found = _status_mb("VmRSS")
    return found if found is not None else peak_resident_mb()


def peak_resident_mb() -> float:
    """This process's peak resident set size since it started (since its exec), in MB."""
    found = _status_mb("VmHWM")
    if found is not None:
        return found
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def cpu_seconds() -> float:
    """CPU seconds (user + system) used so far by every thread of this process, and by the
    children it has waited for (a pack that runs a command, as espeak_ng does, pays for it)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def usage() -> Usage:
    """The figures a worker sends when asked (AskUsage)."""
    return {"cpu_s": cpu_seconds(), "rss_mb": resident_now_mb(), "peak_rss_mb": peak_resident_mb()}
