"""Shared test setup: pytester for end-to-end runs of the plugin."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

pytest_plugins = ["pytester"]

_XDIST_WORKER_VARIABLES = ("PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT", "PYTEST_XDIST_TESTRUNUID")


@pytest.fixture(scope="session", autouse=True)
def _children_are_not_xdist_workers() -> Iterator[None]:
    """Under `pytest -n 2`, pytest runs started by a test inherit PYTEST_XDIST_WORKER, and
    pytest-benchmark then switches itself off in them as if they were xdist workers."""
    saved = {name: os.environ.pop(name) for name in _XDIST_WORKER_VARIABLES if name in os.environ}
    yield
    os.environ.update(saved)
