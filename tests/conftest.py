"""Shared test setup: pytester for end-to-end runs of the plugin."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator

import pytest

pytest_plugins = ["pytester"]


def pytest_configure(config: pytest.Config) -> None:
    """Import matplotlib's drawing stack once, before any test runs. pytester's in-process runs
    unload every module first imported inside them: a run that draws a report figure would
    otherwise unload half of matplotlib (what test modules had imported, such as
    render/ticks.py's matplotlib.ticker, stays), and later figures then fail isinstance checks
    between the old modules' classes and the new ones."""
    if importlib.util.find_spec("matplotlib") is not None:
        import matplotlib

        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot


_XDIST_WORKER_VARIABLES = ("PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT", "PYTEST_XDIST_TESTRUNUID")


@pytest.fixture(scope="session", autouse=True)
def _children_are_not_xdist_workers() -> Iterator[None]:
    """Under `pytest -n 2`, pytest runs started by a test inherit PYTEST_XDIST_WORKER, and
    pytest-benchmark then switches itself off in them as if they were xdist workers."""
    saved = {name: os.environ.pop(name) for name in _XDIST_WORKER_VARIABLES if name in os.environ}
    yield
    os.environ.update(saved)
