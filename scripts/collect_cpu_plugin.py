"""A pytest plugin for scripts/collect_timing.py: the collecting process's CPU seconds.

Loaded with `-p collect_cpu_plugin` (scripts/ on PYTHONPATH). It prints one line,
`collection cpu: S`, the process's CPU time (time.process_time) from session start to the
end of collection: the span pytest's own "collected in" figure measures in wall time, but not
stretched by other processes on a loaded machine.
"""

from __future__ import annotations

import time

import pytest

_STARTED: list[float] = []


def pytest_sessionstart(session: pytest.Session) -> None:
    _STARTED.append(time.process_time())


def pytest_collection_finish(session: pytest.Session) -> None:
    print(f"\ncollection cpu: {time.process_time() - _STARTED[0]:.3f}")
