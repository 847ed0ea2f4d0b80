"""How a pack item's failure or skip reads in its report.

A worker crash (`PackCrashed`) is told as its own story, not as a traceback through the
harness. A `PackSkip` is reported at the item (its pack's claims.yaml), not at the line of the
harness that raised it: the reason is the pack's, and so is the place to act on it.
"""

from __future__ import annotations

import os

import pytest

from pytest_audiocontract.isolation.crash import PackCrashed


# pytest's public name for its skip exception is the attribute `pytest.skip.Exception`, which
# mypy does not take as a base class.
class PackSkip(pytest.skip.Exception):  # type: ignore[misc, name-defined]
    """Skip a pack item; the skip is reported at the item's location (see the module docstring).

    >>> raise PackSkip(f"{rule.id} does not apply: {reason}")
    """


def shape_report(
    item: pytest.Item, excinfo: pytest.ExceptionInfo[BaseException], report: pytest.TestReport
) -> None:
    """Rewrite `report` (pytest's TestReport of `item` for the phase that raised `excinfo`)."""
    value = excinfo.value
    if isinstance(value, PackCrashed):  # any item: contract, claim, benchmark
        report.longrepr = value.report()
    elif isinstance(value, PackSkip) and isinstance(report.longrepr, tuple):
        path, line = item.reportinfo()[:2]
        # The form pytest gives a skip: the "Skipped: " prefix is what its summaries strip.
        report.longrepr = (os.fspath(path), (line or 0) + 1, f"Skipped: {value.msg}")
